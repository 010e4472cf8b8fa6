import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput, describedBy, errorId, fieldErrors } from "~/components/form";
import { PublicStatementView } from "~/components/public-statement";
import { formatDate } from "~/i18n/core";
import { useLocale } from "~/i18n/use-t";
import { env } from "~/env.server";
import { assertCsrf, requireAdmin } from "~/models/auth.server";
import { reviewSchema } from "~/models/statement";
import { getStatementPreview } from "~/models/signature.server";
import { listModerationQueue, reviewStatement } from "~/models/statement.server";

export const meta: MetaFunction = () => [{ title: "Statements waiting for review — Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const queue = await listModerationQueue();
  const pages = await Promise.all(queue.map((s) => getStatementPreview({ id: s.id })));
  return {
    moderation: env().MODERATION,
    queue: queue.map((s, i) => ({
      id: s.id,
      title: s.title,
      slug: s.slug,
      jurisdiction: s.jurisdiction,
      ownerEmail: s.ownerEmail,
      publishedAt: s.published_at,
      page: pages[i]!,
    })),
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
  });
  if (!result.ok) return { statementId: values.statementId, errors: { form: result.error }, values };
  return redirect(`/admin/moderation?done=${parsed.data.decision}`);
}

export default function Moderation() {
  const { queue, moderation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const locale = useLocale();
  const done = params.get("done");
  return (
    <>
      <h1>Statements waiting for review</h1>
      {moderation !== "required" ? (
        <p className="notice">Moderation is off (MODERATION is not “required”): published statements open straight away.</p>
      ) : null}
      {done && !actionData ? (
        <p className="notice" role="status">
          {done === "approve" ? "Approved: the statement is open and its organizers were emailed." : "Rejected: its organizers were emailed the reason."}
        </p>
      ) : null}
      {queue.length === 0 ? <p className="panel">Nothing is waiting for review.</p> : null}
      {queue.map((s) => {
        const mine = actionData && actionData.statementId === String(s.id) ? actionData : undefined;
        const reasonId = `reason-${s.id}`;
        return (
          <section key={s.id} className="panel" aria-labelledby={`review-${s.id}`}>
            <h2 id={`review-${s.id}`}>{s.title}</h2>
            <p className="muted small">
              {s.jurisdiction} · by {s.ownerEmail} · published {s.publishedAt ? formatDate(locale, s.publishedAt, true) : ""}
            </p>
            {mine?.errors.form ? (
              <p className="field-error" role="alert">
                {mine.errors.form}
              </p>
            ) : null}
            <details>
              <summary>Read the statement</summary>
              <PublicStatementView statement={s.page} preview />
            </details>
            <div className="button-row" style={{ alignItems: "flex-start", marginTop: "1rem" }}>
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="statementId" value={s.id} />
                <button type="submit" name="decision" value="approve">
                  Approve “{s.title}”
                </button>
              </Form>
              <Form method="post" noValidate style={{ flex: 1, minWidth: "16rem" }}>
                <CsrfInput />
                <input type="hidden" name="statementId" value={s.id} />
                <div className="field">
                  <label htmlFor={reasonId}>Reason for rejecting (sent to the organizers)</label>
                  {mine?.errors.reason ? (
                    <p className="field-error" id={errorId(reasonId)}>
                      {mine.errors.reason}
                    </p>
                  ) : null}
                  <textarea id={reasonId} name="reason" rows={3} defaultValue={mine?.values.reason} {...describedBy(reasonId, { error: mine?.errors.reason })} />
                </div>
                <button type="submit" name="decision" value="reject" className="danger">
                  Reject “{s.title}”
                </button>
              </Form>
            </div>
          </section>
        );
      })}
    </>
  );
}
