import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CheckYourEmail, SignFields } from "~/components/sign-form";
import { formatNumber } from "~/i18n/core";
import { useLocale, useT } from "~/i18n/use-t";
import { embedErrorsFrom } from "~/signing/signatures";
import { negotiateLocale } from "~/i18n/locale.server";
import { readerStatementPage } from "~/statements/public-page.server";
import { translate } from "~/i18n/core";
import { metaLocale } from "~/i18n/meta";

/** No site header or footer: this page lives in partner sites' iframes. */
// framing: any site may frame the embed (the server reads this; see server/middleware/route-policy.ts).
export const handle = { bare: true, framing: "any" };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: `${data ? data.statement.shown.content.title : translate(metaLocale(matches), "statement.notFound.title")} — Undersigned` },
];

export async function loader({ params, request }: LoaderFunctionArgs) {
  const found = await readerStatementPage({ slug: params.slug ?? "", locale: negotiateLocale(request) });
  if (!found) throw new Response("Not found", { status: 404 });
  const query = new URL(request.url).searchParams;
  return { statement: found.page, sent: query.get("sent") === "1", errors: embedErrorsFrom(query) };
}

// The form posts to /statements/:slug?embed=1, which answers with a redirect
// back here (sent, closed, or which fields to fix). It is a plain form even
// with JavaScript: in a third-party frame browsers may deny the storage that
// client-side navigation needs.
export default function Embed() {
  const { statement: s, sent, errors } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const full = `/statements/${s.slug}`;
  const shown = s.shown;
  const text = shown.content;
  return (
    <div className="embed">
      <h1>{text.title}</h1>
      <p className="small">
        <strong>{formatNumber(locale, s.verified)}</strong> · {t("statement.countOf", { count: s.verified, goal: s.goal })}
      </p>
      {sent ? (
        <CheckYourEmail title={text.title} heading="h2" />
      ) : !s.acceptsSignatures ? (
        <p className="notice" role="status">
          {t("statement.closed")}
        </p>
      ) : (
        <form method="post" action={`${full}?embed=1`} className="sign-form">
          <p className="pledge">{text.pledge}</p>
          <SignFields jurisdiction={s.jurisdiction} wards={s.wards} askWard={s.askWard} errors={errors} />
        </form>
      )}
      <p className="small">
        <a href={full} target="_blank" rel="noopener">
          {t("embed.fullStatement")}
        </a>
        {shown.translated ? (
          <>
            {" · "}
            <a href={`${full}?original=1`} target="_blank" rel="noopener" hrefLang="en">
              {t("statement.readOriginal")}
            </a>
          </>
        ) : null}
      </p>
    </div>
  );
}
