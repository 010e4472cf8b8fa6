import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput, describedBy, ErrorSummary, errorId, fieldErrors } from "~/components/form";
import { PublicStatementView } from "~/components/public-statement";
import { formatDate, checkedKey } from "~/i18n/core";
import { metaTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/use-t";
import "~/i18n/organizer-messages";
import { env } from "~/env.server";
import { negotiateLocale } from "~/i18n/locale.server";
import { DRAFT_MESSAGE_VARS } from "~/statements/draft-form";
import { reviewSchema } from "~/statements/draft-input.server";
import { moderationQueueWithPreviews, reviewStatement } from "~/statements/moderation.server";
import { statementPageFor } from "~/statements/public-page.server";
import { assertCsrf, requireAdmin } from "~/http/guards.server";

export const handle = { private: true };

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "moderation.title")];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const original = new URL(request.url).searchParams.get("original") === "1";
  const locale = negotiateLocale(request);
  return {
    moderation: env().MODERATION,
    queue: (await moderationQueueWithPreviews()).map((s) => ({ ...s, page: statementPageFor(s.page, locale, { original }) })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  assertCsrf(admin, form);
  const values = { decision: String(form.get("decision") ?? ""), statementId: String(form.get("statementId") ?? ""), reason: String(form.get("reason") ?? "") };
  const parsed = reviewSchema.safeParse(values);
  if (!parsed.success) return { statementId: values.statementId, errors: fieldErrors(parsed.error.issues), values };
  const result = await reviewStatement({
    statementId: parsed.data.statementId,
    reviewerId: admin.id,
    decision: parsed.data.decision,
    reason: parsed.data.decision === "reject" ? parsed.data.reason : null,
    locale: negotiateLocale(request),
  });
  if (result.status === "gone") return { statementId: values.statementId, errors: { form: "moderation.error.gone" }, values };
  return redirect(`/admin/moderation?done=${parsed.data.decision}`);
}

export default function Moderation() {
  const { queue, moderation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const locale = useLocale();
  const t = useT();
  const done = params.get("done");
  return (
    <>
      <h1>{t("moderation.title")}</h1>
      {moderation !== "required" ? <p className="notice">{t("moderation.off")}</p> : null}
      {done && !actionData ? (
        <p className="notice" role="status">
          {t(done === "approve" ? "moderation.approved" : "moderation.rejected")}
        </p>
      ) : null}
      {actionData?.errors.form && !queue.some((s) => String(s.id) === actionData.statementId) ? (
        // Decided by someone else meanwhile: it has left the queue, so say so here.
        <p className="notice wait" role="alert">
          {t(checkedKey(actionData.errors.form))}
        </p>
      ) : null}
      {queue.length === 0 ? <p className="panel">{t("moderation.empty")}</p> : null}
      {queue.map((s) => {
        const mine = actionData && actionData.statementId === String(s.id) ? actionData : undefined;
        const reasonId = `reason-${s.id}`;
        const reasonError = mine && "reason" in mine.errors ? t(checkedKey(mine.errors.reason), DRAFT_MESSAGE_VARS) : undefined;
        return (
          <section key={s.id} className="panel" aria-labelledby={`review-${s.id}`}>
            <h2 id={`review-${s.id}`}>{s.title}</h2>
            <p className="muted small">
              {t("moderation.byline", { jurisdiction: s.jurisdiction, email: s.ownerEmail ?? "", date: s.publishedAt ? formatDate(locale, s.publishedAt, true) : "" })}
            </p>
            {mine?.errors.form ? (
              <p className="field-error" role="alert">
                {t(checkedKey(mine.errors.form))}
              </p>
            ) : null}
            <details>
              <summary>{t("moderation.read")}</summary>
              <PublicStatementView statement={s.page} preview />
            </details>
            <div className="button-row review-actions">
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="statementId" value={s.id} />
                <button type="submit" name="decision" value="approve">
                  {t("moderation.approve", { title: s.title })}
                </button>
              </Form>
              <Form method="post" noValidate className="reject-form">
                <ErrorSummary errors={reasonError ? { [reasonId]: reasonError } : null} />
                <CsrfInput />
                <input type="hidden" name="statementId" value={s.id} />
                <div className="field">
                  <label htmlFor={reasonId}>{t("moderation.reason")}</label>
                  {reasonError ? (
                    <p className="field-error" id={errorId(reasonId)}>
                      {reasonError}
                    </p>
                  ) : null}
                  <textarea id={reasonId} name="reason" rows={3} defaultValue={mine?.values.reason} {...describedBy(reasonId, { error: reasonError })} />
                </div>
                <button type="submit" name="decision" value="reject" className="danger">
                  {t("moderation.reject", { title: s.title })}
                </button>
              </Form>
            </div>
          </section>
        );
      })}
    </>
  );
}
