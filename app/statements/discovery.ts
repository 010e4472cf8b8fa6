import { z } from "zod";

// How the home page finds open statements. Client-safe: the sort list and
// the lenient reading of the query string live here, the queries in
// statement.server.ts.

export const DISCOVERY_SORTS = ["signed", "newest", "closing"] as const;
export type DiscoverySort = (typeof DISCOVERY_SORTS)[number];
export const SEARCH_MAX = 100;

/** Anything in a hand-edited or stale URL falls back to a default, never to an error page. */
export const discoverySchema = z.object({
  sort: z.enum(DISCOVERY_SORTS).catch("signed"),
  q: z
    .string()
    .catch("")
    .transform((v) => v.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, SEARCH_MAX)),
  jurisdiction: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]{1,80}$/)
    .optional()
    .catch(undefined),
});
export type Discovery = z.output<typeof discoverySchema>;

export function readDiscovery(params: URLSearchParams): Discovery {
  return discoverySchema.parse({
    sort: params.get("sort") ?? undefined,
    q: params.get("q") ?? "",
    jurisdiction: params.get("jurisdiction") || undefined,
  });
}

/** The home page URL for a search, leaving defaults out so links stay short. */
export function discoveryHref({ sort, q, jurisdiction }: Partial<Discovery>): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (jurisdiction) params.set("jurisdiction", jurisdiction);
  if (sort && sort !== "signed") params.set("sort", sort);
  const query = params.toString();
  return query ? `/?${query}` : "/";
}

// ---------------------------------------------------------------------------
// The Atom 1.0 feed of new statements (RFC 4287).

// XML 1.0 forbids most control characters outright, even escaped.
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXml(value: string): string {
  return value
    .replace(XML_INVALID, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export interface FeedEntry {
  url: string;
  title: string;
  summary: string;
  jurisdiction: string;
  opened: Date;
}

export function atomFeed({
  title,
  subtitle,
  siteUrl,
  selfUrl,
  lang,
  entries,
  now = new Date(),
}: {
  title: string;
  subtitle: string;
  siteUrl: string;
  selfUrl: string;
  lang: string;
  entries: FeedEntry[];
  now?: Date;
}): string {
  const e = escapeXml;
  // The feed changes when a statement opens, so its newest entry dates it.
  const updated = entries.length ? new Date(Math.max(...entries.map((x) => x.opened.getTime()))) : now;
  const lines = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${e(lang)}">`,
    `  <id>${e(selfUrl)}</id>`,
    `  <title>${e(title)}</title>`,
    `  <subtitle>${e(subtitle)}</subtitle>`,
    `  <link rel="self" type="application/atom+xml" href="${e(selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${e(siteUrl)}"/>`,
    `  <updated>${updated.toISOString()}</updated>`,
    `  <author><name>Undersigned</name></author>`,
    `  <generator>Undersigned</generator>`,
  ];
  for (const entry of entries) {
    lines.push(
      `  <entry>`,
      `    <id>${e(entry.url)}</id>`,
      `    <title type="text">${e(entry.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${e(entry.url)}"/>`,
      `    <published>${entry.opened.toISOString()}</published>`,
      `    <updated>${entry.opened.toISOString()}</updated>`,
      `    <category term="${e(entry.jurisdiction)}" label="${e(entry.jurisdiction)}"/>`,
      `    <summary type="text">${e(entry.summary)}</summary>`,
      `  </entry>`,
    );
  }
  lines.push(`</feed>`, ``);
  return lines.join("\n");
}
