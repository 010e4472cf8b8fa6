import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { CheckYourEmail, SignFields } from "~/components/sign-form";
import { formatNumber } from "~/i18n/core";
import { useLocale, useT } from "~/i18n/use-t";
import { getPublicStatement } from "~/models/signature.server";
import stylesHref from "~/styles/signing.css";
import type { action as signAction } from "./statements.$slug._index";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesHref }];

/** No site header or footer: this page lives in partner sites' iframes. */
export const handle = { bare: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.statement.title} — Undersigned` : "Undersigned" },
];

export async function loader({ params, request }: LoaderFunctionArgs) {
  const statement = await getPublicStatement({ slug: params.slug ?? "" });
  if (!statement) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  return {
    statement,
    sent: url.searchParams.get("sent") === "1",
    invalid: url.searchParams.get("invalid") === "1",
  };
}

// The form posts to /statements/:slug (?embed=1 brings the answer back here).
// With JavaScript a fetcher shows field errors in place; without it, the
// browser's own checks catch most mistakes and the rest come back as a
// general message, since the full page may not render inside a frame.
export default function Embed() {
  const { statement: s, sent, invalid } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof signAction>();
  const t = useT();
  const locale = useLocale();
  const full = `/statements/${s.slug}`;
  return (
    <div className="embed">
      <h1>{s.title}</h1>
      <p className="small">
        <strong>{formatNumber(locale, s.verified)}</strong> · {t("statement.countOf", { count: s.verified, goal: s.goal })}
      </p>
      {sent ? (
        <CheckYourEmail title={s.title} heading="h2" />
      ) : !s.acceptsSignatures || fetcher.data?.closed ? (
        <p className="notice" role="status">
          {t("statement.closed")}
        </p>
      ) : (
        <fetcher.Form method="post" action={`${full}?embed=1`} className="sign-form">
          {invalid && !fetcher.data ? (
            <p className="error-summary" role="alert">
              {t("embed.invalid")}
            </p>
          ) : null}
          <p className="pledge">{s.pledge}</p>
          <SignFields
            jurisdiction={s.jurisdiction}
            wards={s.wards}
            askWard={s.askWard}
            errors={fetcher.data?.errors}
            values={fetcher.data?.values}
          />
        </fetcher.Form>
      )}
      <p className="small">
        <a href={full} target="_blank" rel="noopener">
          {t("embed.fullStatement")}
        </a>
      </p>
    </div>
  );
}
