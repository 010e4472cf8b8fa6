import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { Fragment } from "react";
import { PacketHashes } from "~/components/delivery-record";
import { ErrorSummary, fieldErrors, TextArea, type ErrorKeys } from "~/components/form";
import { LanguageNote } from "~/components/public-statement";
import { formatDate, translate, checkedKey } from "~/i18n/core";
import { negotiateLocale } from "~/i18n/locale.server";
import { useLocale, useT } from "~/i18n/use-t";
import { formatBytes, RESPONSE_MAX } from "~/delivery/delivery-form";
import { respondSchema } from "~/delivery/delivery-input.server";
import { packetHashes } from "~/delivery/manifest";
import { acknowledgeDelivery, findOfficialDelivery, respondToDelivery } from "~/delivery/official-side.server";
import { isDomainError } from "~/utils/domain-error";
import { statementTextFor } from "~/statements/text";
import { handlerFor } from "~/http/intents.server";
import { metaLocale } from "~/i18n/meta";

// The page sends no referrer, so browsers post its forms with `Origin: null`: `referrerless` lets
// those through (the token in the address is the only authority); posts from other sites stay refused.
export const handle = { private: true, referrerless: true };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${statementTextFor(data, metaLocale(matches), { original: data.original }).content.title} — Undersigned` : "Undersigned" },
  // A private page: never indexed, even if its link leaks.
  { name: "robots", content: "noindex, nofollow" },
];

export const headers = () => ({ "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" });

function notFound(request: Request): never {
  throw new Response(translate(negotiateLocale(request), "official.notFound"), { status: 404 });
}

/** A link that is not a current one (DomainError "not_found") gets this page's own 404. */
const linkNotFound =
  (request: Request) =>
  (e: unknown): never => {
    if (isDomainError(e, "not_found")) notFound(request);
    throw e;
  };

export async function loader({ params, request }: LoaderFunctionArgs) {
  const view = await findOfficialDelivery({ token: params.token ?? "" }).catch(linkNotFound(request));
  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  return {
    done: done === "acknowledged" || done === "responded" ? done : null,
    original: url.searchParams.get("original") === "1",
    name: view.official_name,
    office: view.office,
    state: view.state,
    ward: view.ward,
    wardCount: view.ward_count,
    sequence: view.sequence,
    deliveredAt: new Date(view.delivered_at).toISOString(),
    count: view.signature_count,
    acknowledgedAt: view.acknowledged_at ? new Date(view.acknowledged_at).toISOString() : null,
    respondedAt: view.responded_at ? new Date(view.responded_at).toISOString() : null,
    response: view.response,
    title: view.title,
    summary: view.summary,
    preamble: view.preamble,
    callToResidents: view.call_to_residents,
    askOfOfficials: view.ask_of_officials,
    pledge: view.pledge,
    translation: view.translation,
    jurisdiction: view.jurisdiction,
    hashes: packetHashes(view.manifest),
    files: view.files.map((f) => ({ kind: f.kind, bytes: Number(f.bytes) })),
  };
}

type ActionData = { errors: ErrorKeys | null; values: { response: string }; preview: string | null };
type Handler = (args: { form: FormData; token: string; request: Request }) => Promise<ActionData | ReturnType<typeof redirect>>;

const responseOf = (form: FormData) => ({ response: String(form.get("response") ?? "") });

const acknowledge: Handler = async ({ token, request }) => {
  await acknowledgeDelivery({ token }).catch(linkNotFound(request));
  return redirect(`/officials/${token}?done=acknowledged`);
};

/** Back from the preview to the text box, as written. */
const edit: Handler = async ({ form }) => ({ errors: null, values: responseOf(form), preview: null });

const preview: Handler = async ({ form }) => {
  const values = responseOf(form);
  const parsed = respondSchema.safeParse(values);
  if (!parsed.success) return { errors: fieldErrors(parsed.error.issues), values, preview: null };
  return { errors: null, values, preview: parsed.data.response };
};

const respond: Handler = async ({ form, token, request }) => {
  const values = responseOf(form);
  const parsed = respondSchema.safeParse(values);
  if (!parsed.success) return { errors: fieldErrors(parsed.error.issues), values, preview: null };
  const result = await respondToDelivery({ token, response: parsed.data.response }).catch(linkNotFound(request));
  if (result.status === "already_responded") return { errors: { response: "official.alreadyResponded" }, values, preview: null };
  return redirect(`/officials/${token}?done=responded`);
};

const intents = { acknowledge, edit, preview, respond } satisfies Record<string, Handler>;

// The link is the official's only key: the domain checks it on every intent,
// and anything this page does not know is answered like an unknown link.
export async function action({ params, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const handle = handlerFor(form, intents, { refuse: () => notFound(request) });
  return handle({ form, token: params.token ?? "", request });
}

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n{2,}/)
        .filter(Boolean)
        .map((p, i) => (
          <p key={i} className="preserve-lines">
            {p}
          </p>
        ))}
    </>
  );
}

/** The official's response: as published, else the preview before publishing, else the box to write it in. */
function ResponsePart({
  response,
  respondedAt,
  answer: a,
  errors,
}: {
  response: string | null;
  respondedAt: string | null;
  answer?: ActionData;
  errors: Record<string, string | undefined>;
}) {
  const t = useT();
  const locale = useLocale();
  if (response)
    return (
      <>
        <p>{t("official.responded", { date: formatDate(locale, respondedAt!, true) })}</p>
        <blockquote className="response">
          <Paragraphs text={response} />
        </blockquote>
      </>
    );
  if (a?.preview)
    return (
      <Form method="post">
        <h3 id="preview-heading">{t("official.previewHeading")}</h3>
        <blockquote className="response" aria-labelledby="preview-heading">
          <Paragraphs text={a.preview} />
        </blockquote>
        <input type="hidden" name="response" value={a.preview} />
        <div className="button-row">
          <button type="submit" name="intent" value="respond">
            {t("official.publish")}
          </button>
          <button type="submit" name="intent" value="edit" className="secondary">
            {t("official.edit")}
          </button>
        </div>
      </Form>
    );
  return (
    <Form method="post" noValidate>
      <ErrorSummary errors={errors} labels={{ response: t("official.responseLabel") }} />
      <p className="hint">{t("official.respondHint")}</p>
      <TextArea
        name="response"
        label={t("official.responseLabel")}
        rows={8}
        required
        defaultValue={a?.values.response}
        error={errors.response}
        hint={t("official.responseMax", { max: RESPONSE_MAX })}
      />
      <button type="submit" name="intent" value="preview">
        {t("official.preview")}
      </button>
    </Form>
  );
}

export default function OfficialPage() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT();
  // The action answers with message keys; the page says them in the reader's language.
  const errors = Object.fromEntries(Object.entries(a?.errors ?? {}).map(([k, v]) => [k, v && t(v)]));
  const locale = useLocale();
  const base = `/officials/${useParams().token}`;
  const file = (kind: string) => d.files.find((f) => f.kind === kind);
  const pdf = file("pdf");
  const csv = file("csv");
  // The packet's files that were made (a PDF and a CSV, by size), and the manifest that lists their hashes.
  const downloads = [
    ...(pdf ? [{ href: `${base}/packet.pdf`, label: t("official.pdf", { size: formatBytes(locale, pdf.bytes) }) }] : []),
    ...(csv ? [{ href: `${base}/signatures.csv`, label: t("official.csv", { size: formatBytes(locale, csv.bytes) }) }] : []),
    { href: `${base}/manifest.json`, label: t("official.manifest") },
  ];
  // Officials who read Spanish get the organizers' translation, with the original a click away.
  const shown = statementTextFor(d, locale, { original: d.original });
  const text = shown.content;
  const lang = shown.lang === locale ? undefined : shown.lang;
  return (
    <article className="official-page">
      {d.done ? (
        <p className="notice" role="status">
          {t(checkedKey(`official.done.${d.done}`))}
        </p>
      ) : null}
      <p className="muted">{t("official.for", { name: d.name, office: t(`office.${d.office}`) })}</p>
      <h1 lang={lang}>{text.title}</h1>
      <LanguageNote translation={shown} />
      <p>
        {t("official.summary", { date: formatDate(locale, d.deliveredAt), count: d.count })}
        {d.ward && d.wardCount !== null ? <> {t("official.ward", { count: d.wardCount, ward: d.ward })}</> : null}
      </p>
      {d.sequence > 1 ? <p>{t("official.supplement", { sequence: d.sequence })}</p> : null}

      <section className="panel" aria-labelledby="packet-heading">
        <h2 id="packet-heading">{t("official.packet")}</h2>
        <p className="hint">{t("official.nameWithheld")}</p>
        <ul>
          {downloads.map((f) => (
            <li key={f.href}>
              <a href={f.href} download>
                {f.label}
              </a>
            </li>
          ))}
        </ul>
        <h3>{t("official.hashes")}</h3>
        <p className="hint">{t("official.hashesHint")}</p>
        <PacketHashes hashes={d.hashes} t={t} />
      </section>

      <section className="panel" aria-labelledby="ack-heading">
        <h2 id="ack-heading">{t("official.acknowledge")}</h2>
        {d.acknowledgedAt ? (
          <p>{t("official.acknowledged", { date: formatDate(locale, d.acknowledgedAt, true) })}</p>
        ) : (
          <Form method="post">
            <p className="hint">{t("official.acknowledgeHint")}</p>
            <button type="submit" name="intent" value="acknowledge">
              {t("official.acknowledge")}
            </button>
          </Form>
        )}
      </section>

      <section className="panel" aria-labelledby="respond-heading">
        <h2 id="respond-heading">{t("official.respond")}</h2>
        <ResponsePart response={d.response} respondedAt={d.respondedAt} answer={a} errors={errors} />
      </section>

      <section className="panel statement-text" aria-labelledby="statement-heading">
        <h2 id="statement-heading">{t("official.statement")}</h2>
        <p>
          <strong>{d.jurisdiction}</strong>
        </p>
        <div lang={lang}>
          <p>{text.summary}</p>
          <ul>
            {text.preamble.filter(Boolean).map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
        {(["callToResidents", "askOfOfficials", "pledge"] as const).map((part) => (
          <Fragment key={part}>
            <h3>{t(`packet.${part}`)}</h3>
            <p lang={lang}>{text[part]}</p>
          </Fragment>
        ))}
      </section>
    </article>
  );
}

