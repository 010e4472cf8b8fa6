// The Atom 1.0 feed of new statements (RFC 4287).

// XML 1.0 forbids most control characters outright, even escaped.
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function escapeXml(value: string): string {
  return value
    .replace(XML_INVALID, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

interface FeedEntry {
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
