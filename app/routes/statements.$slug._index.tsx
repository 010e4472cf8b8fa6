import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { isRouteErrorResponse, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { DeliveryRecord } from "~/components/delivery-record";
import { PublicStatementView } from "~/components/public-statement";
import { cachedPublicDeliveryRecord } from "~/delivery/public-record.server";
import { appUrl } from "~/env.server";
import { negotiateLocale } from "~/i18n/locale.server";
import { metaTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import { fieldErrors } from "~/components/form";
import { embedErrorQuery, HONEYPOT_FIELD, signFormValues } from "~/signing/signatures";
import { parseSignatureInput } from "~/signing/sign-input.server";
import { readerStatementPage } from "~/statements/public-page.server";
import { signStatement } from "~/signing/sign.server";
import { SHARED_PAGE_HEADER } from "~/statements/public-reads.server";

/** One object for the whole page; later sections (delivery record, responses) add fields here. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const query = new URL(request.url).searchParams;
  const original = query.get("original") === "1";
  const found = await readerStatementPage({ slug: params.slug ?? "", locale: negotiateLocale(request), original });
  if (!found) throw new Response("Not found", { status: 404 });
  const { id, slug } = found.statement;
  return {
    // The statement in the language shown only.
    statement: found.page,
    delivery: await cachedPublicDeliveryRecord({ slug, statementId: id }),
    pageUrl: `${appUrl()}/statements/${slug}`,
    confirmed: query.get("confirmed") === "1",
  };
}

// The page is the same for every reader without a session (per language):
// under a surge it is rendered once a second, not once per reader. The
// server only shares a 200 page given to a GET without a session cookie.
// Partner sites post the sign form from their own pages: signing carries no
// ambient authority (server/middleware/route-policy.ts).
export const handle = { crossSitePosts: true };

export const headers: HeadersFunction = () => ({ [SHARED_PAGE_HEADER]: "1" });

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return [metaTitle(matches, "statement.notFound.title")];
  const s = data.statement.shown.content;
  return [
    { title: `${s.title} — Undersigned` },
    { name: "description", content: s.summary },
    { property: "og:title", content: s.title },
    { property: "og:description", content: s.summary },
    { property: "og:url", content: data.pageUrl },
    { property: "og:type", content: "website" },
    { property: "og:site_name", content: "Undersigned" },
    { name: "twitter:card", content: "summary" },
    { tagName: "link", rel: "canonical", href: data.pageUrl },
  ];
};

/**
 * Signing: a plain form post, from this page, the embed (`?embed=1`) or a
 * partner site. Every accepted submission gets the same answer.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  // The embed lives in other sites' frames, where only its own URL may
  // render: its answers, errors included, go back there.
  const embed = new URL(request.url).searchParams.get("embed") === "1";
  const backToEmbed = (query: string) => redirect(`/statements/${slug}/embed${query}`, 303);
  const sent = embed ? backToEmbed("?sent=1") : redirect(`/statements/${slug}/signed`, 303);
  const form = await request.formData().catch(() => null);
  if (!form) throw new Response("Send the form as a web form.", { status: 400 });
  if (form.get(HONEYPOT_FIELD)) return sent;

  const values = signFormValues(form);
  const parsed = parseSignatureInput(values);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error.issues);
    if (embed) return backToEmbed(embedErrorQuery(errors));
    return data({ errors, values, closed: false }, { status: 400 });
  }
  const result = await signStatement({
    slug,
    input: parsed.data,
    clientIp: context.clientIp,
    locale: negotiateLocale(request),
  });
  switch (result.status) {
    case "ok":
      return sent;
    case "not_found":
      throw new Response("Not found", { status: 404 });
    case "closed":
      if (embed) return backToEmbed("");
      return { errors: {}, values, closed: true };
    case "invalid":
      if (embed) return backToEmbed(embedErrorQuery(result.errors));
      return data({ errors: result.errors, values, closed: false }, { status: 400 });
  }
}

export default function StatementPage() {
  const { statement, delivery, confirmed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <PublicStatementView
      statement={statement}
      actionData={actionData}
      confirmed={confirmed}
      delivery={<DeliveryRecord record={delivery} />}
    />
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <section className="panel error-page">
      <h1>{t(notFound ? "statement.notFound.title" : "statement.failed.title")}</h1>
      <p>{t(notFound ? "statement.notFound.body" : "statement.failed.body")}</p>
      <p>
        <Link to="/">{t("statement.backHome")}</Link>
      </p>
    </section>
  );
}
