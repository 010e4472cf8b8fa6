import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { isRouteErrorResponse, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useEffect, useState } from "react";
import { SignForm } from "~/components/sign-form";
import { appUrl } from "~/env.server";
import { formatDate, formatNumber } from "~/i18n/core";
import { negotiateLocale } from "~/i18n/locale.server";
import { metaTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/use-t";
import { fieldErrors } from "~/components/form";
import { embedErrorQuery, HONEYPOT_FIELD, parseSignatureInput, signFormValues } from "~/models/signature";
import { cachedPublicStatement, signStatement, type PublicStatement } from "~/models/signature.server";
import { progressPercent } from "~/models/statement";
import stylesHref from "~/styles/signing.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesHref }];

/** One object for the whole page; later sections (delivery record, responses) add fields here. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const statement = await cachedPublicStatement({ slug: params.slug ?? "" });
  if (!statement) throw new Response("Not found", { status: 404 });
  return {
    statement,
    pageUrl: `${appUrl()}/statements/${statement.slug}`,
    confirmed: new URL(request.url).searchParams.get("confirmed") === "1",
  };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return [metaTitle(matches, "statement.notFound.title")];
  const s = data.statement;
  return [
    { title: `${s.title} — Undersigned` },
    { name: "description", content: s.summary },
    { property: "og:title", content: s.title },
    { property: "og:description", content: s.summary },
    { property: "og:url", content: data.pageUrl },
    { property: "og:type", content: "website" },
    { property: "og:site_name", content: "Undersigned" },
    { name: "twitter:card", content: "summary" },
    { tagName: "link", rel: "canonical", href: data.pageUrl },
  ];
};

/**
 * Signing: a plain form post, from this page, the embed (`?embed=1`) or a
 * partner site. Every accepted submission gets the same answer.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  // The embed lives in other sites' frames, where only its own URL may
  // render: its answers, errors included, go back there.
  const embed = new URL(request.url).searchParams.get("embed") === "1";
  const backToEmbed = (query: string) => redirect(`/statements/${slug}/embed${query}`, 303);
  const sent = embed ? backToEmbed("?sent=1") : redirect(`/statements/${slug}/signed`, 303);
  const form = await request.formData().catch(() => null);
  if (!form) throw new Response("Send the form as a web form.", { status: 400 });
  if (form.get(HONEYPOT_FIELD)) return sent;

  const values = signFormValues(form);
  const parsed = parseSignatureInput(values);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error.issues);
    if (embed) return backToEmbed(embedErrorQuery(errors));
    return json({ errors, values, closed: false }, { status: 400 });
  }
  const result = await signStatement({
    slug,
    input: parsed.data,
    clientIp: context.clientIp,
    locale: negotiateLocale(request),
  });
  switch (result.status) {
    case "ok":
      return sent;
    case "not_found":
      throw new Response("Not found", { status: 404 });
    case "closed":
      if (embed) return backToEmbed("");
      return { errors: {}, values, closed: true };
    case "invalid":
      if (embed) return backToEmbed(embedErrorQuery(result.errors));
      return json({ errors: result.errors, values, closed: false }, { status: 400 });
  }
}

/** The count as the server rendered it, refreshed while the page is open (with JavaScript). */
export function useLiveCount(slug: string, initial: number) {
  const [count, setCount] = useState(initial);
  useEffect(() => setCount(initial), [initial]);
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      if (document.visibilityState !== "visible") return;
      try {
        const res = await fetch(`/statements/${encodeURIComponent(slug)}/count`);
        const body = res.ok ? await res.json() : null;
        if (!stopped && typeof body?.verified === "number") setCount(body.verified);
      } catch {}
    }, 15_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [slug]);
  return count;
}

export default function StatementPage() {
  const { statement, confirmed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <article className="statement-page">
      {confirmed ? (
        <p className="notice" role="status">
          {t("statement.confirmed")}
        </p>
      ) : null}
      <StatementHeader statement={statement} />
      <div className="grid grid-2">
        <div>
          <StatementText statement={statement} />
          <Recipients statement={statement} />
          <Version statement={statement} />
        </div>
        <aside>
          <SignSection statement={statement} actionData={actionData} />
          <RecentSigners statement={statement} />
        </aside>
      </div>
    </article>
  );
}

type Section = { statement: PublicStatement };

function StatementHeader({ statement: s }: Section) {
  const t = useT();
  return (
    <header className="panel statement-header">
      <p className="meta muted small">
        {t("statement.in", { jurisdiction: s.jurisdiction })} ·{" "}
        <span className={`badge ${s.state}`}>{t(`statement.state.${s.state}`)}</span>
      </p>
      <h1>{s.title}</h1>
      <p className="lead">{s.summary}</p>
      <Count statement={s} />
      {s.acceptsSignatures ? (
        <p className="sign-cta">
          <a className="button" href="#sign">
            {t("statement.signCta")}
          </a>
        </p>
      ) : null}
    </header>
  );
}

function StatementText({ statement: s }: Section) {
  const t = useT();
  const reasons = s.preamble.filter((p) => p.trim());
  return (
    <section className="panel statement-text" aria-labelledby="text-heading">
      <h2 id="text-heading">{t("statement.whereas")}</h2>
      <ol>
        {reasons.map((p, i) => (
          <li key={i}>{p}</li>
        ))}
      </ol>
      <h2>{t("statement.call")}</h2>
      <p>{s.callToResidents}</p>
      <h2>{t("statement.ask")}</h2>
      <p>{s.askOfOfficials}</p>
      <h2>{t("statement.pledge")}</h2>
      <p className="pledge">{s.pledge}</p>
    </section>
  );
}

function Recipients({ statement: s }: Section) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="recipients-heading">
      <h2 id="recipients-heading">{t("statement.goesTo")}</h2>
      <p className="muted small">{t("statement.goesToHint")}</p>
      <ul className="officials">
        {s.officials.map((o, i) => (
          <li key={i}>
            <strong>{o.name}</strong> — {t(`office.${o.office}`, { ward: o.ward ?? "" })}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Version({ statement: s }: Section) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="version-heading">
      <h2 id="version-heading">{t("statement.version")}</h2>
      <p className="hash">{s.versionHash}</p>
      <p className="muted small">{t("statement.versionHint")}</p>
    </section>
  );
}

function Count({ statement: s }: Section) {
  const t = useT();
  const locale = useLocale();
  const count = useLiveCount(s.slug, s.verified);
  const summary = t("statement.countOf", { count, goal: s.goal });
  return (
    <section className="count-panel" aria-labelledby="count-heading">
      <h2 id="count-heading" className="visually-hidden">
        {t("statement.countLabel")}
      </h2>
      <div aria-live="polite" aria-atomic="true">
        <strong className="count-big">{formatNumber(locale, count)}</strong>
        <p className="count-text">{summary}</p>
      </div>
      <div className="progress">
        <div
          className="progress-bar"
          role="progressbar"
          aria-label={t("statement.progress", { goal: s.goal })}
          aria-valuemin={0}
          aria-valuemax={s.goal}
          aria-valuenow={Math.min(count, s.goal)}
          aria-valuetext={summary}
        >
          <span style={{ width: `${progressPercent(count, s.goal)}%` }} />
        </div>
      </div>
      <p className="muted small">{t("statement.countNote")}</p>
      {s.deadline ? <p>{t("statement.deadline", { date: formatDate(locale, s.deadline) })}</p> : null}
    </section>
  );
}

function SignSection({
  statement: s,
  actionData,
}: Section & { actionData?: { errors: Record<string, string | undefined>; values: Record<string, string>; closed: boolean } }) {
  const t = useT();
  if (!s.acceptsSignatures || actionData?.closed) {
    return (
      <section className="panel" id="sign" aria-labelledby="sign-heading">
        <h2 id="sign-heading">{t("statement.closed")}</h2>
        {actionData?.closed ? <p role="alert">{t("statement.closedPost")}</p> : null}
      </section>
    );
  }
  return (
    <section className="panel" id="sign" aria-labelledby="sign-heading">
      <h2 id="sign-heading">{t("sign.heading")}</h2>
      <p className="pledge">{s.pledge}</p>
      <SignForm
        slug={s.slug}
        jurisdiction={s.jurisdiction}
        wards={s.wards}
        askWard={s.askWard}
        errors={actionData?.errors}
        values={actionData?.values}
      />
    </section>
  );
}

function RecentSigners({ statement: s }: Section) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="panel" aria-labelledby="signers-heading">
      <h2 id="signers-heading">{t("statement.recent")}</h2>
      {s.recentSigners.length === 0 ? (
        <p className="muted">{t("statement.recentNone")}</p>
      ) : (
        <ul className="signers">
          {s.recentSigners.map((r, i) => (
            <li key={i}>
              {r.name} <span className="muted small">· {formatDate(locale, r.signedAt)}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">{t("statement.recentNote")}</p>
    </section>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <section className="panel error-page">
      <h1>{t(notFound ? "statement.notFound.title" : "statement.failed.title")}</h1>
      <p>{t(notFound ? "statement.notFound.body" : "statement.failed.body")}</p>
      <p>
        <Link to="/">{t("statement.backHome")}</Link>
      </p>
    </section>
  );
}
