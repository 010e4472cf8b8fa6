import { useT } from "~/i18n/use-t";
import type { StatementContent } from "~/models/statement";
import type { Office } from "~/models/states";

export interface Recipient {
  id: number;
  name: string;
  office: Office;
  ward: string | null;
}

/** Blank-line separated paragraphs; single line breaks stay inside a paragraph. */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p, i) => (
          <p key={i}>{p}</p>
        ))}
    </>
  );
}

/**
 * A statement's words as signers read them: the public page and the
 * organizer's preview both render this, so the preview is the page.
 * Everything is text (React escapes it): a statement can never carry markup.
 */
export function StatementText({
  content,
  jurisdiction,
  recipients = [],
  versionHash = null,
}: {
  content: StatementContent;
  jurisdiction: string;
  recipients?: Recipient[];
  versionHash?: string | null;
}) {
  const t = useT();
  const reasons = content.preamble.map((p) => p.trim()).filter(Boolean);
  return (
    <article className="statement-text" aria-labelledby="statement-title">
      <p className="muted small statement-place">{jurisdiction}</p>
      <h1 id="statement-title">{content.title || t("statementText.untitled")}</h1>
      {content.summary ? <p className="lead">{content.summary}</p> : null}
      {reasons.length > 0 ? (
        <section aria-labelledby="statement-why">
          <h2 id="statement-why">{t("statementText.why")}</h2>
          <ul className="whereas">
            {reasons.map((p, i) => (
              <li key={i}>
                <strong>{t("statementText.whereas")}</strong> {p}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {content.callToResidents ? (
        <section aria-labelledby="statement-call">
          <h2 id="statement-call">{t("statementText.call")}</h2>
          <Paragraphs text={content.callToResidents} />
        </section>
      ) : null}
      {content.askOfOfficials ? (
        <section aria-labelledby="statement-ask">
          <h2 id="statement-ask">{t("statementText.ask")}</h2>
          <Paragraphs text={content.askOfOfficials} />
        </section>
      ) : null}
      {content.pledge ? (
        <section aria-labelledby="statement-pledge" className="pledge">
          <h2 id="statement-pledge">{t("statementText.pledge")}</h2>
          <blockquote>
            <Paragraphs text={content.pledge} />
          </blockquote>
        </section>
      ) : null}
      {recipients.length > 0 ? (
        <section aria-labelledby="statement-recipients">
          <h2 id="statement-recipients">{t("statementText.recipients")}</h2>
          <ul className="recipients">
            {recipients.map((r) => (
              <li key={r.id}>
                {r.name} <span className="muted">— {t(`office.${r.office}`)}{r.ward ? `, ${r.ward}` : ""}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {versionHash ? (
        <p className="small muted version">
          {t("statementText.version")}{" "}
          <code className="hash" id="version-hash" title={t("statementText.versionHint")}>
            {versionHash}
          </code>
        </p>
      ) : null}
    </article>
  );
}
