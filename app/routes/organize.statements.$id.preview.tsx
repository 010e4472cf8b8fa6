import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/form";
import { PublicStatementView } from "~/components/public-statement";
import { translate } from "~/i18n/core";
import { metaLocale } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import "~/i18n/organizer-messages";
import "~/i18n/campaign-messages";
import { negotiateLocale } from "~/i18n/locale.server";
import { getStatementPreview, statementPageFor } from "~/statements/public-page.server";
import { isEditable } from "~/statements/lifecycle";
import { requireStatementOrganizer } from "~/http/guards.server";

export const handle = { private: true };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = metaLocale(matches);
  return [
    { title: `${translate(locale, "preview.title", { title: data?.title || translate(locale, "dashboard.untitled") })} — Undersigned` },
    { name: "robots", content: "noindex" },
  ];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { statement: { id } } = await requireStatementOrganizer(request, params.id);
  const page = await getStatementPreview({ id });
  if (!page) throw new Response("Not found", { status: 404 });
  const original = new URL(request.url).searchParams.get("original") === "1";
  return { id, title: page.title, statement: statementPageFor(page, negotiateLocale(request), { original }) };
}

// Publishing from here posts to the edit page's action, which answers with
// the draft form and each problem beside its field if anything is missing.
export default function Preview() {
  const { id, statement } = useLoaderData<typeof loader>();
  const t = useT();
  const editable = isEditable(statement.state);
  const manage = `/organize/statements/${id}`;
  return (
    <>
      <div className="preview-banner" role="note">
        <strong>{t(editable ? "preview.draft" : "preview.published")}</strong> {t(editable ? "preview.draftHint" : "preview.publishedHint")}{" "}
        <Link to={manage}>{t(editable ? "preview.backToEditing" : "preview.backToStatement")}</Link>
        {editable ? (
          <Form method="post" action={manage} className="button-row preview-publish">
            <CsrfInput />
            <button type="submit" name="intent" value="publishSaved">
              {t("draft.publish")}
            </button>
            <span className="small">{t("preview.publishHint")}</span>
          </Form>
        ) : null}
      </div>
      <PublicStatementView statement={statement} preview />
    </>
  );
}
