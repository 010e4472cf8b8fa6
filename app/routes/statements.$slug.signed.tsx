import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CheckYourEmail } from "~/components/sign-form";
import { metaTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/use-t";
import { localized } from "~/statements/text";
import { findPublicStatementTitle } from "~/statements/public-page.server";

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "signed.title")];

/** Where every accepted signature lands, whatever happened to it. */
export async function loader({ params }: LoaderFunctionArgs) {
  const statement = await findPublicStatementTitle({ slug: params.slug ?? "" });
  if (!statement) throw new Response("Not found", { status: 404 });
  return { slug: statement.slug, title: statement.title, titleEs: statement.title_es };
}

export default function Signed() {
  const { slug, title, titleEs } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section className="panel narrow">
      <CheckYourEmail title={localized(locale, title, titleEs)} />
      <p>
        <Link to={`/statements/${slug}`}>{t("signed.back")}</Link>
      </p>
    </section>
  );
}
