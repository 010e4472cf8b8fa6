import { useEffect, useState, type ReactNode } from "react";
import { SignForm } from "~/components/sign-form";
import { formatDate, formatNumber } from "~/i18n/core";
import { useLocale, useT } from "~/i18n/use-t";
import type { PublicStatement } from "~/statements/public-page.server";
import { progressPercent } from "~/statements/lifecycle";
import { statementTextFor, type StatementContent } from "~/statements/text";

/** The count as the server rendered it, refreshed while the page is open (with JavaScript). */
export function useLiveCount(slug: string, initial: number, live = true) {
  const [count, setCount] = useState(initial);
  useEffect(() => setCount(initial), [initial]);
  useEffect(() => {
    if (!live) return;
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
  }, [slug, live]);
  return count;
}

export type SignActionData = { errors: Record<string, string | undefined>; values: Record<string, string>; closed: boolean };

/**
 * The public statement page. The organizer's preview and the moderation
 * queue render this same view with `preview`, so a preview is the page.
 */
export function PublicStatementView({
  statement,
  actionData,
  confirmed = false,
  preview = false,
  original = false,
  delivery,
}: {
  statement: PublicStatement;
  actionData?: SignActionData;
  confirmed?: boolean;
  preview?: boolean;
  /** A reader of a translation asked for the original. */
  original?: boolean;
  /** The record of deliveries to officials and their answers, once there is one. */
  delivery?: ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  const shown = statementTextFor(statement, locale, { original });
  const text = { statement, preview, text: shown.content };
  // The statement's own words carry their language when it is not the page's.
  const lang = shown.lang === locale ? undefined : shown.lang;
  return (
    <article className="statement-page">
      {confirmed ? (
        <p className="notice" role="status">
          {t("statement.confirmed")}
        </p>
      ) : null}
      <StatementHeader {...text} lang={lang} translation={shown} />
      {delivery}
      <div className="grid grid-2">
        <div>
          <StatementText {...text} lang={lang} />
          <Recipients {...text} />
          <Version {...text} />
        </div>
        <aside>
          <SignSection {...text} lang={lang} actionData={actionData} />
          <RecentSigners {...text} />
        </aside>
      </div>
    </article>
  );
}

type Section = { statement: PublicStatement; preview?: boolean; text: StatementContent; lang?: string };

function StatementHeader({ statement: s, preview, text, lang, translation }: Section & { translation: { translated: boolean; translatable: boolean } }) {
  const t = useT();
  return (
    <header className="panel statement-header">
      <p className="meta muted small">
        {t("statement.in", { jurisdiction: s.jurisdiction })} ·{" "}
        <span className={`badge ${s.state}`}>{t(`statement.state.${s.state}`)}</span>
      </p>
      <div lang={lang}>
        <h1>{text.title}</h1>
        <p className="lead">{text.summary}</p>
      </div>
      <LanguageNote translation={translation} />
      <Count statement={s} preview={preview} />
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

/** Says whether the statement is shown translated, with a link to the other version. */
export function LanguageNote({ translation }: { translation: { translated: boolean; translatable: boolean } }) {
  const t = useT();
  if (!translation.translatable) return null;
  return (
    <p className="language-note small">
      {translation.translated ? (
        <>
          {t("statement.translatedNote")}{" "}
          <a href="?original=1" hrefLang="en">
            {t("statement.readOriginal")}
          </a>
        </>
      ) : (
        <>
          {t("statement.originalNote")} <a href="?">{t("statement.readTranslation")}</a>
        </>
      )}
    </p>
  );
}

function StatementText({ text, lang }: Section) {
  const t = useT();
  const reasons = text.preamble.filter((p) => p.trim());
  return (
    <section className="panel statement-text" aria-labelledby="text-heading">
      <h2 id="text-heading">{t("statement.whereas")}</h2>
      <ol lang={lang}>
        {reasons.map((p, i) => (
          <li key={i}>{p}</li>
        ))}
      </ol>
      <h2>{t("statement.call")}</h2>
      <p lang={lang}>{text.callToResidents}</p>
      <h2>{t("statement.ask")}</h2>
      <p lang={lang}>{text.askOfOfficials}</p>
      <h2>{t("statement.pledge")}</h2>
      <p className="pledge" lang={lang}>
        {text.pledge}
      </p>
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
            <strong>{o.name}</strong> — {t(`office.${o.office}`)}
            {o.ward ? `, ${o.ward}` : ""}
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
      <p className="hash">{s.versionHash || t("statement.versionPending")}</p>
      <p className="muted small">{t("statement.versionHint")}</p>
    </section>
  );
}

function Count({ statement: s, preview }: Pick<Section, "statement" | "preview">) {
  const t = useT();
  const locale = useLocale();
  const count = useLiveCount(s.slug, s.verified, !preview);
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

function SignSection({ statement: s, actionData, preview, text, lang }: Section & { actionData?: SignActionData }) {
  const t = useT();
  const pledge = (
    <p className="pledge" lang={lang}>
      {text.pledge}
    </p>
  );
  if (preview) {
    return (
      <section className="panel" id="sign" aria-labelledby="sign-heading">
        <h2 id="sign-heading">{t("sign.heading")}</h2>
        {pledge}
        <p className="muted small">{t("statement.previewSign")}</p>
        <fieldset disabled>
          <SignForm slug={s.slug} jurisdiction={s.jurisdiction} wards={s.wards} askWard={s.askWard} />
        </fieldset>
      </section>
    );
  }
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
      {pledge}
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

