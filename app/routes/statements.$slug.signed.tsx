import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CheckYourEmail } from "~/components/sign-form";
import { BackToStatement } from "~/components/token-page";
import { metaTitle } from "~/i18n/meta";
import { useLocale } from "~/i18n/use-t";
import { localized } from "~/statements/text";
import { findPublicStatementTitle } from "~/statements/public-page.server";

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "signed.title")];

/**
 * Where every accepted signature lands, whatever happened to it: a new
 * signature, a new link, a "choices changed?" email, or nothing at all (a
 * flagged signature, a limit): the same words for all, true for all ("if
 * this address can receive mail, a link is on its way").
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const statement = await findPublicStatementTitle({ slug: params.slug ?? "" });
  if (!statement) throw new Response("Not found", { status: 404 });
  return statement;
}

export default function Signed() {
  const statement = useLoaderData<typeof loader>();
  const locale = useLocale();
  return (
    <section className="panel narrow">
      <CheckYourEmail title={localized(locale, statement.title, statement.title_es)} />
      <BackToStatement slug={statement.slug} />
    </section>
  );
}
