import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { DISPLAY_CHOICES } from "../../db/states";
import { TokenPanel } from "~/components/token-page";
import "~/i18n/campaign-messages";
import { formatDate } from "~/i18n/core";
import { metaTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/use-t";
import { formText, handlerFor } from "~/http/intents.server";
import { canWithdraw, displayLock, eraseKeepsPacketCopy, MY_SIGNATURES_LINK_TTL_MINUTES } from "~/signing/my-signatures";
import {
  changeMyDisplay,
  eraseMySignature,
  listMySignatures,
  withdrawMySignature,
  type ActionResult,
  type MySignaturesView,
  type OwnSignature,
} from "~/signing/my-signatures.server";
import { confirmableSchema, displayChangeSchema } from "~/signing/my-signatures-input.server";
import { isPlausibleToken } from "~/signing/signatures";
import { localized } from "~/statements/text";

// The page an emailed link opens: the token is in the address for the link's
// hour, so nothing here may be kept by a cache or sent on as a referrer.
const PRIVATE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };
export const headers = () => PRIVATE;

// Under `no-referrer` a browser sends `Origin: null` with the page's own form
// posts, which the server's cross-site check would refuse. These posts carry
// no ambient authority (no cookie: the token in the address is the
// authority), so `referrerless` lets an `Origin: null` post through; a post
// naming another site is still refused (server/middleware/cross-site-posts.ts).
export const handle = { private: true, referrerless: true };

export const meta: MetaFunction = ({ matches }) => [
  metaTitle(matches, "mine.title"),
  { name: "referrer", content: "no-referrer" },
  { name: "robots", content: "noindex" },
];

type Problem = Exclude<ActionResult["status"], "ok"> | "bad_input";
const STATUS: Record<Problem, number> = { invalid: 404, expired: 410, not_found: 404, delivered: 409, withdrawn: 409, not_verified: 409, bad_input: 400 };
const DONE = ["display", "withdraw", "erase"] as const;
type Done = (typeof DONE)[number];

const tokenOf = (params: LoaderFunctionArgs["params"]) => (isPlausibleToken(params.token) ? params.token : null);

// Reading changes nothing: every change is a POST below.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const token = tokenOf(params);
  const view: MySignaturesView = token ? await listMySignatures({ token }) : { status: "invalid" };
  const done = new URL(request.url).searchParams.get("done");
  return data(
    { view, done: (DONE as readonly string[]).includes(done ?? "") ? (done as Done) : null },
    { status: view.status === "ok" ? 200 : STATUS[view.status], headers: PRIVATE },
  );
}

interface Args {
  form: FormData;
  token: string;
}
const problem = (status: Problem) => data({ problem: status, confirm: null }, { status: STATUS[status], headers: PRIVATE });
const answer = (token: string, intent: Done, result: ActionResult) =>
  result.status === "ok" ? redirect(`/my-signatures/${token}?done=${intent}`, { headers: PRIVATE }) : problem(result.status);

/**
 * Withdrawing and erasing cannot be undone: the first post answers with a
 * confirmation (for a signature the link's address made); only a post
 * carrying `confirmed=yes` does it.
 */
const confirmable =
  (intent: "withdraw" | "erase", act: typeof withdrawMySignature) =>
  async ({ form, token }: Args) => {
    const parsed = confirmableSchema.safeParse({ signature: formText(form, "signature"), confirmed: formText(form, "confirmed") || undefined });
    if (!parsed.success) return problem("bad_input");
    if (parsed.data.confirmed) return answer(token, intent, await act({ token, signatureId: parsed.data.signature }));
    const view = await listMySignatures({ token });
    if (view.status !== "ok") return problem(view.status);
    const signature = view.signatures.find((s) => s.id === parsed.data.signature);
    if (!signature) return problem("not_found");
    return data({ problem: null, confirm: { intent, signature } }, { headers: PRIVATE });
  };

const intents = {
  display: async ({ form, token }: Args) => {
    const parsed = displayChangeSchema.safeParse({ signature: formText(form, "signature"), display: formText(form, "display") });
    if (!parsed.success) return problem("bad_input");
    return answer(token, "display", await changeMyDisplay({ token, signatureId: parsed.data.signature, display: parsed.data.display }));
  },
  withdraw: confirmable("withdraw", withdrawMySignature),
  erase: confirmable("erase", eraseMySignature),
};

export async function action({ params, request }: ActionFunctionArgs) {
  const token = tokenOf(params);
  if (!token) return problem("invalid");
  const form = await request.formData().catch(() => null);
  if (!form) return problem("bad_input");
  // An intent nobody handles is a 400 (handlerFor).
  return handlerFor(form, intents)({ form, token });
}

export default function MySignatures() {
  const { view, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { problem: Problem | null; confirm: { intent: "withdraw" | "erase"; signature: OwnSignature } | null } | undefined;
  const t = useT();
  const locale = useLocale();
  const here = useLocation().pathname;
  if (view.status !== "ok") {
    return (
      <TokenPanel title={t("mine.problem.title")}>
        <p role="alert">{t(`mine.problem.${view.status}`, { minutes: MY_SIGNATURES_LINK_TTL_MINUTES })}</p>
        <p>
          <Link className="button" to="/my-signatures">
            {t("mine.problem.newLink")}
          </Link>
        </p>
      </TokenPanel>
    );
  }
  const confirm = actionData?.confirm;
  if (confirm) {
    const { intent, signature } = confirm;
    const title = localized(locale, signature.statement.title, signature.statement.titleEs);
    const body = intent === "erase" && eraseKeepsPacketCopy(signature) ? t("mine.confirm.erase.delivered") : t(`mine.confirm.${intent}.body`, { title });
    return (
      <TokenPanel title={t(`mine.confirm.${intent}.title`)}>
        <p>{body}</p>
        <Form method="post" action={here} className="button-row">
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name="signature" value={signature.id} />
          <input type="hidden" name="confirmed" value="yes" />
          <button type="submit" className="danger">
            {t(`mine.confirm.${intent}.yes`)}
          </button>
          <Link to={here}>{t("mine.confirm.cancel")}</Link>
        </Form>
      </TokenPanel>
    );
  }
  return (
    <section className="panel">
      <h1>{t("mine.title")}</h1>
      <p>{t("mine.list.intro", { email: view.email, time: formatDate(locale, view.expiresAt, true) })}</p>
      {done ? (
        <p className="notice" role="status">
          {t(`mine.done.${done}`)}
        </p>
      ) : null}
      {actionData?.problem ? (
        <p className="field-error" role="alert">
          {t(`mine.problem.${actionData.problem}`)}
        </p>
      ) : null}
      {view.signatures.length === 0 ? <p className="empty-state">{t("mine.list.none")}</p> : null}
      <ul className="card-list plain-list">
        {view.signatures.map((s) => (
          <li key={s.id}>
            <OwnSignatureCard signature={s} here={here} />
          </li>
        ))}
      </ul>
      <h2>{t("mine.export.heading")}</h2>
      <p>{t("mine.export.intro")}</p>
      {/* A real form post, so the browser saves the file (with or without JavaScript). */}
      <Form method="post" action={`${here}/export`} reloadDocument>
        <button type="submit">{t("mine.export.button")}</button>
      </Form>
    </section>
  );
}

function OwnSignatureCard({ signature: s, here }: { signature: OwnSignature; here: string }) {
  const t = useT();
  const locale = useLocale();
  const lock = displayLock(s);
  const facts: ReactNode[] = [
    t(`mine.state.${s.state}`),
    t("mine.list.statementState", { state: t(`statement.state.${s.statementState}`) }),
    t("mine.signedOn", { date: formatDate(locale, s.signedAt) }),
    s.deliveredAt ? t("mine.deliveredOn", { date: formatDate(locale, s.deliveredAt) }) : null,
    s.outsideJurisdiction ? t("mine.outside") : s.ward ? t("mine.ward", { ward: s.ward }) : null,
    s.state === "verified" ? (s.shownAs === null ? t("mine.notShown") : t("mine.shownAs", { shown: s.shownAs })) : null,
  ];
  const field = `display-${s.id}`;
  return (
    <article>
      <h2>
        <Link to={`/statements/${s.statement.slug}`}>{localized(locale, s.statement.title, s.statement.titleEs)}</Link>
      </h2>
      <ul className="plain-list small">
        {facts.filter(Boolean).map((f, i) => (
          <li key={i}>{f}</li>
        ))}
      </ul>
      {lock ? (
        <p className="muted">{t(`mine.display.${lock}`)}</p>
      ) : (
        <Form method="post" action={here}>
          <input type="hidden" name="intent" value="display" />
          <input type="hidden" name="signature" value={s.id} />
          <fieldset>
            <legend>{t("mine.display.legend")}</legend>
            {DISPLAY_CHOICES.map((choice) => (
              <label key={choice} className="choice" htmlFor={`${field}-${choice}`}>
                <input type="radio" id={`${field}-${choice}`} name="display" value={choice} defaultChecked={s.display === choice} />{" "}
                {t(`sign.display.${choice}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t("mine.display.submit")}</button>
        </Form>
      )}
      <div className="row-actions">
        {canWithdraw(s) ? <SignatureButton intent="withdraw" id={s.id} here={here} label={t("mine.withdraw.button")} /> : null}
        <SignatureButton intent="erase" id={s.id} here={here} label={t("mine.erase.button")} />
      </div>
    </article>
  );
}

/** The first step of withdrawing or erasing one signature: it asks to confirm. */
function SignatureButton({ intent, id, here, label }: { intent: "withdraw" | "erase"; id: string; here: string; label: string }) {
  return (
    <Form method="post" action={here} className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="signature" value={id} />
      <button type="submit" className="danger">
        {label}
      </button>
    </Form>
  );
}
