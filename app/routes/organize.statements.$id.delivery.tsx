import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput, ErrorSummary } from "~/components/form";
import { organizeMeta, OrganizeTabs } from "~/components/organize-tabs";
import { ScrollTable } from "~/components/table-scroll";
import { checkedKey, formatDate, translate, type MessageKey } from "~/i18n/core";
import { negotiateLocale } from "~/i18n/locale.server";
import { useLocale, useT } from "~/i18n/use-t";
import "~/i18n/campaign-messages";
import { assertCsrf, requireStatementOrganizer, type SignedInUser } from "~/http/guards.server";
import { formText } from "~/http/intents.server";
import type { OrganizedStatement } from "~/statements/access.server";
import { deliverIntentSchema, retryIntentSchema } from "~/delivery/delivery-input.server";
import { deliverStatement, retryOfficialDelivery } from "~/delivery/deliver.server";
import { getDeliveryBoard } from "~/delivery/delivery-board.server";

export const handle = { private: true };

export const meta = organizeMeta("organizer.heading");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { statement } = await requireStatementOrganizer(request, params.id);
  const board = await getDeliveryBoard({ statementId: statement.id });
  const done = new URL(request.url).searchParams.get("done");
  return {
    done: done === "delivered" || done === "retried" ? done : null,
    statement: {
      id: statement.id,
      slug: statement.slug,
      title: statement.title,
      state: statement.state,
      trigger: statement.delivery_trigger,
      keepCollecting: statement.keep_collecting,
    },
    board,
  };
}

type ActionData = { errors: { deliver: string } };
type IntentArgs = { form: FormData; user: SignedInUser; statement: OrganizedStatement; here: string; t: (key: MessageKey) => string };
type Handler = (args: IntentArgs) => Promise<ActionData | ReturnType<typeof redirect>>;

/** Send the signatures gathered since the last delivery (the board's `sequence` guards against a double post). */
const deliver: Handler = async ({ form, user, statement, here, t }) => {
  const parsed = deliverIntentSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { errors: { deliver: t("organizer.notDeliverable") } };
  const result = await deliverStatement({ statementId: statement.id, userId: user.id, reason: "manual", expectedSequence: parsed.data.sequence });
  switch (result.status) {
    case "delivered":
    case "repeated":
      return redirect(`${here}?done=delivered`);
    case "not_deliverable":
      return { errors: { deliver: t("organizer.notDeliverable") } };
    case "nothing_new":
      return { errors: { deliver: t("organizer.nothing") } };
    case "no_officials":
      return { errors: { deliver: t("organizer.noOfficials") } };
  }
};

/** Send one official's failed delivery again. */
const retry: Handler = async ({ form, statement, here, t }) => {
  const parsed = retryIntentSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { errors: { deliver: t("organizer.notDeliverable") } };
  const retried = await retryOfficialDelivery({ statementId: statement.id, officialDeliveryId: parsed.data.officialDeliveryId });
  return retried.status === "retried" ? redirect(`${here}?done=retried`) : { errors: { deliver: t("organizer.none") } };
};

const INTENTS: Record<string, Handler> = { deliver, retry };

// Not handlerFor: an unknown or missing intent has always been answered on
// the page (200, "not deliverable"), not with a 400, and keeps that answer.
const refused: Handler = async ({ t }) => ({ errors: { deliver: t("organizer.notDeliverable") } });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, statement } = await requireStatementOrganizer(request, params.id);
  const form = await request.formData();
  assertCsrf(user, form);
  const locale = negotiateLocale(request);
  const intent = formText(form, "intent");
  const handler = Object.hasOwn(INTENTS, intent) ? INTENTS[intent]! : refused;
  return handler({ form, user, statement, here: `/organize/statements/${statement.id}/delivery`, t: (key) => translate(locale, key) });
}

export default function DeliveryBoard() {
  const { statement, board, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const published = ["open", "closed", "delivered"].includes(statement.state);
  const canDeliver = published && board.undelivered > 0;
  return (
    <>
      <p className="kicker">{t("organizer.heading")}</p>
      <h1 className="long-title">{statement.title || t("dashboard.untitled")}</h1>
      <OrganizeTabs statementId={statement.id} slug={statement.slug} published={published} />
      {done ? (
        <p className="notice" role="status">
          {t(checkedKey(`organizer.${done}`))}
        </p>
      ) : null}
      <ErrorSummary errors={actionData?.errors} />
      <section className="panel">
        <p>
          {t("organizer.state", {
            state: t(`campaign.state.${statement.state}`),
            count: board.verified,
            pending: board.undelivered,
          })}
        </p>
        <p>
          {t(`organizer.trigger.${statement.trigger}`)} {t(statement.keepCollecting ? "organizer.keepCollecting" : "organizer.closes")}
        </p>
        {canDeliver ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="sequence" value={board.nextSequence} />
            <p className="hint">{t("organizer.deliverHint")}</p>
            <button type="submit" name="intent" value="deliver" id="deliver">
              {t(board.deliveries.length ? "organizer.deliverSupplement" : "organizer.deliverNow")}
            </button>
          </Form>
        ) : (
          <p id="deliver">{t(board.deliveries.length ? "organizer.nothing" : "organizer.none")}</p>
        )}
      </section>

      {board.deliveries.length ? <h2>{t("organizer.deliveries")}</h2> : null}
      {board.deliveries.map((d) => (
        <section key={d.id} className="panel" aria-labelledby={`delivery-${d.sequence}`}>
          <h3 id={`delivery-${d.sequence}`}>
            {t("organizer.delivery", {
              sequence: d.sequence,
              date: formatDate(locale, d.delivered_at, true),
              reason: t(`deliveryReason.${d.reason}`),
              count: d.signature_count,
            })}
          </h3>
          <p className="hash">{d.packet_sha256}</p>
            <ScrollTable
              label={t("organizer.delivery", { sequence: d.sequence, date: formatDate(locale, d.delivered_at, true), reason: t(`deliveryReason.${d.reason}`), count: d.signature_count })}
              columns={[{ label: t("organizer.col.official") }, { label: t("organizer.col.state") }, { label: t("organizer.col.attempts") }, { label: t("organizer.col.details") }]}
            >
            {d.officials.map((o) => (
              <tr key={o.id} data-state={o.state}>
                <th scope="row">
                  {o.official_name}
                  <br />
                  <span className="muted small">{t(`office.${o.office}`)}</span>
                </th>
                <td>
                  <span className={`badge official-${o.state}`}>{t(`officialState.${o.state}`)}</span>
                </td>
                <td>{o.attempts}</td>
                <td>
                  {o.failure_reason ?? (o.last_error ? t("organizer.lastError", { error: o.last_error }) : null)}
                  {o.responded_at ? t("organizer.respondedAt", { date: formatDate(locale, o.responded_at, true) }) : null}
                  {!o.responded_at && o.acknowledged_at
                    ? t("organizer.acknowledgedAt", { date: formatDate(locale, o.acknowledged_at, true) })
                    : null}
                  {!o.acknowledged_at && o.sent_at ? t("organizer.sentAt", { date: formatDate(locale, o.sent_at, true) }) : null}
                  {o.state === "failed" ? (
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="officialDeliveryId" value={o.id} />
                      <button type="submit" name="intent" value="retry" className="secondary">
                        {t("organizer.retry")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </ScrollTable>
        </section>
      ))}
    </>
  );
}
