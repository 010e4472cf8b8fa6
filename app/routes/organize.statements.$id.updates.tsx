import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput, ErrorSummary, fieldErrors, TextArea, TextField, type FieldErrors } from "~/components/form";
import { organizeMeta, OrganizeTabs } from "~/components/organize-tabs";
import { formatDate, checkedKey } from "~/i18n/core";
import { useLocale, useT } from "~/i18n/use-t";
import "~/i18n/campaign-messages";
import { assertCsrf, requireStatementOrganizer } from "~/http/guards.server";
import { UPDATE_BODY_MAX, UPDATE_SUBJECT_MAX } from "~/organizers/updates";
import { statementUpdateSchema } from "~/organizers/updates-input.server";
import { sendStatementUpdate, statementUpdatesOverview } from "~/organizers/updates.server";

export const handle = { private: true };

export const meta = organizeMeta("updates.kicker");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { statement: s } = await requireStatementOrganizer(request, params.id);
  const overview = await statementUpdatesOverview({ statementId: s.id });
  return { statement: { id: s.id, slug: s.slug, title: s.title, state: s.state }, ...overview };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, statement } = await requireStatementOrganizer(request, params.id);
  const form = await request.formData();
  assertCsrf(user, form);
  const values = { subject: String(form.get("subject") ?? ""), body: String(form.get("body") ?? "") };
  const parsed = statementUpdateSchema.safeParse(values);
  if (!parsed.success) return { errors: fieldErrors(parsed.error.issues), values, nextAllowedAt: null };
  const result = await sendStatementUpdate({ statementId: statement.id, authorId: user.id, ...parsed.data });
  switch (result.status) {
    case "sent":
      return redirect(`/organize/statements/${statement.id}/updates?sent=${result.recipients}`);
    case "too_soon":
      return { errors: { form: "updates.error.tooSoon" } as FieldErrors, values, nextAllowedAt: result.nextAllowedAt.toISOString() };
    case "not_published":
      return { errors: { form: "updates.notPublished" } as FieldErrors, values, nextAllowedAt: null };
  }
}

export default function Updates() {
  const { statement, updates, recipients, nextAllowedAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const published = ["open", "closed", "delivered"].includes(statement.state);
  const sent = params.get("sent");
  const waitUntil = actionData?.nextAllowedAt ?? nextAllowedAt;
  const time = waitUntil ? formatDate(locale, waitUntil, true) : "";
  // The schema's messages are catalog keys.
  const errors: FieldErrors = Object.fromEntries(Object.entries(actionData?.errors ?? {}).map(([k, v]) => [k, v && t(checkedKey(v), { time })]));
  const labels = { subject: t("updates.subject"), body: t("updates.body") };

  return (
    <div className="updates">
      <p className="kicker">{t("updates.kicker")}</p>
      <h1>{statement.title || t("dashboard.untitled")}</h1>
      <OrganizeTabs statementId={statement.id} slug={statement.slug} published={published} />

      {sent !== null && !actionData ? (
        <p className="notice" role="status">
          {t("updates.sent", { count: Number(sent) || 0 })}
        </p>
      ) : null}

      <section className="panel" aria-labelledby="write-heading">
        <h2 id="write-heading">{t("updates.write")}</h2>
        {!published ? (
          <p>{t("updates.notPublished")}</p>
        ) : (
          <>
            <p>{t("updates.intro")}</p>
            <p>
              <strong>{t("updates.recipients", { count: recipients })}</strong>
            </p>
            {nextAllowedAt && !errors.form ? (
              <p className="notice wait">{t("updates.error.tooSoon", { time })}</p>
            ) : null}
            <ErrorSummary errors={errors} labels={labels} />
            <Form method="post" noValidate id="form">
              <CsrfInput />
              <TextField
                name="subject"
                label={labels.subject}
                hint={t("updates.subjectHint", { max: UPDATE_SUBJECT_MAX })}
                required
                maxLength={UPDATE_SUBJECT_MAX}
                defaultValue={actionData?.values.subject}
                error={errors.subject}
              />
              <TextArea
                name="body"
                label={labels.body}
                hint={t("updates.bodyHint", { max: UPDATE_BODY_MAX })}
                rows={10}
                required
                defaultValue={actionData?.values.body}
                error={errors.body}
              />
              <button type="submit">{t("updates.send")}</button>
            </Form>
          </>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t("updates.history")}</h2>
        {updates.length === 0 ? (
          <p className="muted">{t("updates.none")}</p>
        ) : (
          <ul className="card-list update-list">
            {updates.map((u) => (
              <li key={u.id}>
                <h3>{u.subject}</h3>
                <p className="small muted">
                  {t("updates.sentOn", {
                    date: formatDate(locale, u.created_at, true),
                    count: u.recipients,
                    author: u.author ?? t("updates.formerOrganizer"),
                  })}
                </p>
                <p className="update-body">{u.body}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
