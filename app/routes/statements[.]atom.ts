import type { LoaderFunctionArgs } from "@remix-run/node";
import { translate } from "~/i18n/core";
import { negotiateLocale } from "~/i18n/locale.server";
import { appUrl } from "~/env.server";
import { atomFeed } from "~/statements/atom-feed";
import { listNewStatements } from "~/statements/discovery.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = negotiateLocale(request);
  const base = appUrl();
  const statements = await listNewStatements();
  const xml = atomFeed({
    title: translate(locale, "feed.title"),
    subtitle: translate(locale, "feed.subtitle"),
    siteUrl: `${base}/`,
    selfUrl: `${base}/statements.atom`,
    lang: locale,
    entries: statements.map((s) => ({
      url: `${base}/statements/${s.slug}`,
      title: s.title,
      summary: s.summary,
      jurisdiction: s.jurisdiction,
      opened: new Date(s.opened_at!),
    })),
  });
  return new Response(xml, {
    headers: {
      "Content-Type": "application/atom+xml; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      Vary: "Accept-Language, Cookie",
    },
  });
}
