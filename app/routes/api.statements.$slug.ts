import type { LoaderFunctionArgs } from "@remix-run/node";
import { appUrl } from "~/env.server";
import { isLocale } from "~/i18n/core";
import { negotiateLocale } from "~/i18n/locale.server";
import { getPublicStatement } from "~/statements/public-page.server";
import { ORIGINAL_LANGUAGE, statementTextFor, TRANSLATION_LANGUAGE } from "~/statements/text";

const headers = {
  "Cache-Control": "public, max-age=10, stale-while-revalidate=60",
  "Access-Control-Allow-Origin": "*",
  // The text follows the reader's language (?lang=, else their cookie or Accept-Language).
  Vary: "Accept-Language, Cookie",
};

/**
 * The statement's public JSON: exactly what its page shows (no email address,
 * no private signer), in the reader's language when the organizer wrote a
 * translation, with the original and every translation alongside.
 */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const statement = await getPublicStatement({ slug: params.slug ?? "" });
  if (!statement) return Response.json({ error: "not_found" }, { status: 404, headers });
  const asked = new URL(request.url).searchParams.get("lang");
  const locale = isLocale(asked) ? asked : negotiateLocale(request);
  const { translation, ...rest } = statement;
  const shown = statementTextFor(statement, locale);
  const original = statementTextFor(statement, ORIGINAL_LANGUAGE).content;
  const url = `${appUrl()}/statements/${statement.slug}`;
  return Response.json(
    {
      ...rest,
      ...shown.content,
      language: shown.lang,
      original: { language: ORIGINAL_LANGUAGE, ...original },
      translations: translation ? { [TRANSLATION_LANGUAGE]: translation } : {},
      url,
      countUrl: `${url}/count`,
      embedUrl: `${url}/embed`,
    },
    { headers },
  );
}
