import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/form";
import { StatementText } from "~/components/statement-text";
import { formatDate } from "~/i18n/core";
import { useLocale } from "~/i18n/use-t";
import { requireUser } from "~/models/auth.server";
import { findJurisdiction } from "~/models/official.server";
import { isEditable, progressPercent } from "~/models/statement";
import { contentOf, listRecipients, verifiedCount } from "~/models/statement.server";
import { requireOrganizedStatement } from "~/models/statement-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Preview: ${data?.statement.title || "Untitled statement"} — Undersigned` },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const statement = await requireOrganizedStatement({ statementId: params.id, userId: user.id });
  const [jurisdiction, recipients, verified] = await Promise.all([
    findJurisdiction({ id: statement.jurisdiction_id }),
    listRecipients({ statementId: statement.id }),
    verifiedCount(statement.id),
  ]);
  return {
    statement: {
      id: statement.id,
      title: statement.title,
      state: statement.state,
      goal: statement.goal,
      deadline: statement.deadline,
      versionHash: statement.version_hash,
    },
    content: contentOf(statement),
    jurisdiction: jurisdiction?.name ?? "",
    recipients,
    verified,
  };
}

// Publishing from here posts to the edit page's action, which answers with
// the draft form and each problem beside its field if anything is missing.
export default function Preview() {
  const { statement, content, jurisdiction, recipients, verified } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const editable = isEditable(statement.state);
  const manage = `/organize/statements/${statement.id}`;
  return (
    <>
      <div className="preview-banner" role="note">
        <strong>{editable ? "Preview." : "Published text."}</strong>{" "}
        {editable
          ? "This is how your statement's public page will look. Nobody else can see it until you publish."
          : "This is the text as published; it can no longer change."}{" "}
        <Link to={manage}>{editable ? "Back to editing" : "Back to the statement"}</Link>
        {editable ? (
          <Form method="post" action={manage} className="button-row" style={{ marginTop: ".75rem" }}>
            <CsrfInput />
            <button type="submit" name="intent" value="publishSaved">
              Publish
            </button>
            <span className="small">Once published, the text can no longer change.</span>
          </Form>
        ) : null}
      </div>
      <div className="grid grid-2">
        <StatementText content={content} jurisdiction={jurisdiction} recipients={recipients} versionHash={statement.versionHash} />
        <aside className="panel" aria-label="Signatures">
          <p className="count-big">{verified.toLocaleString("en-US")}</p>
          <p>verified signatures of a {statement.goal.toLocaleString("en-US")} goal</p>
          <div className="progress" aria-hidden="true">
            <div className="progress-bar">
              <span style={{ width: `${progressPercent(verified, statement.goal)}%` }} />
            </div>
          </div>
          {statement.deadline ? <p className="small">Signing closes {formatDate(locale, statement.deadline)}.</p> : null}
          <p className="muted small">The sign form appears here on the public page.</p>
        </aside>
      </div>
    </>
  );
}
