import { Form, Link } from "@remix-run/react";
import { CsrfInput, Field, hintId } from "~/components/form";
import { formatDate } from "~/i18n/core";
import { useLocale, useT } from "~/i18n/use-t";
import "~/i18n/organizer-messages";
import "~/i18n/campaign-messages";
import { canBeCopied } from "~/statements/lifecycle";
import type { Office, StatementState } from "../../db/states";

/** A published statement's facts for its organizers: state, address, version, recipients, and what to do next. */
export function PublishedFacts({
  statement,
  recipients,
  verified,
  jurisdiction,
  hasTranslation,
  publicUrl,
}: {
  statement: { id: number; slug: string; title: string; state: StatementState; version_hash: string | null; goal: number; deadline: Date | string | null };
  recipients: { id: number; name: string; office: Office; ward: string | null }[];
  verified: number;
  jurisdiction: string;
  hasTranslation: boolean;
  publicUrl: string;
}) {
  const t = useT();
  const locale = useLocale();
  const publicPath = `/statements/${statement.slug}`;
  const listed = statement.state === "open" || statement.state === "closed" || statement.state === "delivered";
  return (
    <>
      <section className="panel" aria-labelledby="facts-title">
        <h2 id="facts-title">{t("manage.published")}</h2>
        <p className="muted small">{t("manage.locked")}</p>
        <dl className="facts">
          <dt>{t("manage.state")}</dt>
          <dd>{t(`campaign.state.${statement.state}`)}</dd>
          <dt>{t("manage.publicPage")}</dt>
          <dd>{listed ? <Link to={publicPath}>{publicPath}</Link> : <span>{t("manage.onceApproved", { path: publicPath })}</span>}</dd>
          <dt>{t("manage.versionHash")}</dt>
          <dd>
            <code className="hash" id="version-hash">
              {statement.version_hash}
            </code>
          </dd>
          <dt>{t("draft.jurisdiction")}</dt>
          <dd>{jurisdiction}</dd>
          <dt>{t("manage.translation")}</dt>
          <dd>{t(hasTranslation ? "manage.translation.yes" : "manage.translation.no")}</dd>
          <dt>{t("dashboard.verified")}</dt>
          <dd>{t("my.progress", { count: verified, goal: statement.goal })}</dd>
          {statement.deadline ? (
            <>
              <dt>{t("draft.deadlineShort")}</dt>
              <dd>{formatDate(locale, statement.deadline)}</dd>
            </>
          ) : null}
          <dt>{t("manage.goesTo")}</dt>
          <dd>
            <ul className="plain-list">
              {recipients.map((r) => (
                <li key={r.id}>
                  {r.name} <span className="muted">({t(`office.${r.office}`)}{r.ward ? `, ${r.ward}` : ""})</span>
                </li>
              ))}
            </ul>
          </dd>
        </dl>
        <div className="button-row actions">
          <Link className="button secondary" to={`/organize/statements/${statement.id}/preview`}>
            {t("manage.seeText")}
          </Link>
          <Link className="button secondary" to={`/organize/statements/${statement.id}/delivery`}>
            {t("manage.delivery")}
          </Link>
          {canBeCopied(statement.state) ? (
            <Form method="post" className="inline-form">
              <CsrfInput />
              <button type="submit" name="intent" value="copy">
                {t("manage.copy")}
              </button>
            </Form>
          ) : null}
        </div>
      </section>
      {listed ? <EmbedSnippet title={statement.title} publicUrl={publicUrl} /> : null}
    </>
  );
}

/** What a partner site pastes to carry the sign form, and where to read the live count. */
function EmbedSnippet({ title, publicUrl }: { title: string; publicUrl: string }) {
  const t = useT();
  const iframe = `<iframe src="${publicUrl}/embed" title="${escapeAttribute(t("embed.frameTitle", { title }))}" width="100%" height="900" style="border:0;max-width:30rem" loading="lazy"></iframe>`;
  return (
    <section className="panel" aria-labelledby="embed-title">
      <h2 id="embed-title">{t("embed.title")}</h2>
      <p>{t("embed.intro")}</p>
      <Field name="embed-code" label={t("embed.code")} hint={t("embed.codeHint")}>
        <textarea id="embed-code" readOnly rows={4} className="code" value={iframe} aria-describedby={hintId("embed-code")} />
      </Field>
      <Field name="count-url" label={t("embed.countUrl")} hint={t("embed.countUrlHint")}>
        <input id="count-url" type="text" readOnly className="code" value={`${publicUrl}/count`} aria-describedby={hintId("count-url")} />
      </Field>
    </section>
  );
}

const escapeAttribute = (v: string) => v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
