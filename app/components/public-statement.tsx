import { useEffect, useState, type ReactNode } from "react";
import { SignForm } from "~/components/sign-form";
import { formatDate, formatNumber, type Locale, type T } from "~/i18n/core";
import { useLocale, useT } from "~/i18n/use-t";
import type { StatementPage } from "~/statements/public-page.server";
import { progressPercent } from "~/statements/lifecycle";
import type { StatementContent } from "~/statements/text";

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
 * Give it the reader's page of the statement (statementPageFor): its words
 * in the language shown only.
 */
export function PublicStatementView({
  statement,
  actionData,
  confirmed = false,
  preview = false,
  delivery,
}: {
  statement: StatementPage;
  actionData?: SignActionData;
  confirmed?: boolean;
  preview?: boolean;
  /** The record of deliveries to officials and their answers, once there is one. */
  delivery?: ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  const shown = statement.shown;
  // The statement's own words carry their language when it is not the page's.
  // The sections are plain functions of one object, not components: the page is rendered per view.
  const page: Section = { s: statement, text: shown.content, lang: shown.lang === locale ? undefined : shown.lang, t, locale, preview };
  return (
    <article className="statement-page">
      {confirmed ? (
        <p className="notice" role="status">
          {t("statement.confirmed")}
        </p>
      ) : null}
      {statementHeader(page, shown)}
      {delivery}
      <div className="grid grid-2">
        <div>
          {statementText(page)}
          {recipients(page)}
          {version(page)}
        </div>
        <aside>
          {signSection(page, actionData)}
          {recentSigners(page)}
        </aside>
      </div>
    </article>
  );
}

type Section = { s: StatementPage; text: StatementContent; lang?: string; t: T; locale: Locale; preview: boolean };

/** A panel of the page under its heading, labelled by it. */
function panel(id: string, heading: string, children: ReactNode, className = "panel") {
  return (
    <section className={className} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {children}
    </section>
  );
}

function statementHeader({ s, text, lang, t, preview }: Section, translation: Translation) {
  return (
    <header className="panel statement-header">
      <p className="meta muted small">
        {`${t("statement.in", { jurisdiction: s.jurisdiction })} · `}
        <span className={`badge ${s.state}`}>{t(`statement.state.${s.state}`)}</span>
      </p>
      <div lang={lang}>
        <h1>{text.title}</h1>
        <p className="lead">{text.summary}</p>
      </div>
      {languageNote(translation, t)}
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

type Translation = { translated: boolean; translatable: boolean };

/** Says whether the statement is shown translated, with a link to the other version. */
export function LanguageNote({ translation }: { translation: Translation }) {
  return languageNote(translation, useT());
}

function languageNote(translation: Translation, t: T) {
  if (!translation.translatable) return null;
  return (
    <p className="language-note small">
      {translation.translated ? (
        <>
          {`${t("statement.translatedNote")} `}
          <a href="?original=1" hrefLang="en">
            {t("statement.readOriginal")}
          </a>
        </>
      ) : (
        <>
          {`${t("statement.originalNote")} `}
          <a href="?">{t("statement.readTranslation")}</a>
        </>
      )}
    </p>
  );
}

function statementText({ text, lang, t }: Section) {
  const words = (
    <>
      <ol lang={lang}>{text.preamble.map((p, i) => (p.trim() ? <li key={i}>{p}</li> : null))}</ol>
      <h2>{t("statement.call")}</h2>
      <p lang={lang}>{text.callToResidents}</p>
      <h2>{t("statement.ask")}</h2>
      <p lang={lang}>{text.askOfOfficials}</p>
      <h2>{t("statement.pledge")}</h2>
      <p className="pledge" lang={lang}>
        {text.pledge}
      </p>
    </>
  );
  return panel("text", t("statement.whereas"), words, "panel statement-text");
}

function recipients({ s, t }: Section) {
  const list = (
    <>
      <p className="muted small">{t("statement.goesToHint")}</p>
      <ul className="officials">
        {s.officials.map((o, i) => (
          <li key={i}>
            <strong>{o.name}</strong>
            {` — ${t(`office.${o.office}`)}${o.ward ? `, ${o.ward}` : ""}`}
          </li>
        ))}
      </ul>
    </>
  );
  return panel("recipients", t("statement.goesTo"), list);
}

function version({ s, t }: Section) {
  const hash = (
    <>
      <p className="hash">{s.versionHash || t("statement.versionPending")}</p>
      <p className="muted small">{t("statement.versionHint")}</p>
    </>
  );
  return panel("version", t("statement.version"), hash);
}

function Count({ statement: s, preview }: { statement: StatementPage; preview: boolean }) {
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

function signSection({ s, text, lang, t, preview }: Section, actionData?: SignActionData) {
  const closed = !preview && (!s.acceptsSignatures || actionData?.closed);
  return (
    <section className="panel" id="sign" aria-labelledby="sign-heading">
      <h2 id="sign-heading">{t(closed ? "statement.closed" : "sign.heading")}</h2>
      {closed ? (
        actionData?.closed ? (
          <p role="alert">{t("statement.closedPost")}</p>
        ) : null
      ) : (
        <>
          <p className="pledge" lang={lang}>
            {text.pledge}
          </p>
          {preview ? (
            <>
              <p className="muted small">{t("statement.previewSign")}</p>
              <fieldset disabled>
                <SignForm slug={s.slug} jurisdiction={s.jurisdiction} wards={s.wards} askWard={s.askWard} />
              </fieldset>
            </>
          ) : (
            <SignForm
              slug={s.slug}
              jurisdiction={s.jurisdiction}
              wards={s.wards}
              askWard={s.askWard}
              errors={actionData?.errors}
              values={actionData?.values}
            />
          )}
        </>
      )}
    </section>
  );
}

function recentSigners({ s, t, locale }: Section) {
  const signers = (
    <>
      {s.recentSigners.length === 0 ? (
        <p className="muted">{t("statement.recentNone")}</p>
      ) : (
        <ul className="signers">
          {s.recentSigners.map((r, i) => (
            <li key={i}>
              {`${r.name} `}
              <span className="muted small">{`· ${formatDate(locale, r.signedAt)}`}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">{t("statement.recentNote")}</p>
    </>
  );
  return panel("signers", t("statement.recent"), signers);
}
