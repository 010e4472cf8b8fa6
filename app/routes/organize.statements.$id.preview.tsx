import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/form";
import { PublicStatementView } from "~/components/public-statement";
import { requireUser } from "~/models/auth.server";
import { getStatementPreview } from "~/models/signature.server";
import { isEditable } from "~/models/statement";
import { requireOrganizedStatement } from "~/models/statement-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Preview: ${data?.statement.title || "Untitled statement"} — Undersigned` },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { id } = await requireOrganizedStatement({ statementId: params.id, userId: user.id });
  const page = await getStatementPreview({ id });
  if (!page) throw new Response("Not found", { status: 404 });
  return { id, statement: page };
}

// Publishing from here posts to the edit page's action, which answers with
// the draft form and each problem beside its field if anything is missing.
export default function Preview() {
  const { id, statement } = useLoaderData<typeof loader>();
  const editable = isEditable(statement.state);
  const manage = `/organize/statements/${id}`;
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
      <PublicStatementView statement={statement} preview />
    </>
  );
}
