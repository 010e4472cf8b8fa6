import { microCache, type MicroCache } from "~/utils/micro-cache.server";

// What a read surge asks for, kept a second per process: one database read
// per statement and second serves every reader. Changes made in this process
// drop what they change at once; elsewhere (other web processes, a replica)
// a public page lags by at most this, as the count's cache headers allow.
export const PUBLIC_READ_TTL_MS = 1000;

const KINDS = ["statement", "count", "delivery"] as const;
type PublicReadKind = (typeof KINDS)[number];

const publicReads = Object.fromEntries(
  KINDS.map((kind) => [kind, microCache<unknown>({ ttlMs: PUBLIC_READ_TTL_MS })]),
) as Record<PublicReadKind, MicroCache<unknown>>;
const caches = () => publicReads;

/** A public read of one statement (by slug), up to PUBLIC_READ_TTL_MS old. */
export function publicRead<T>(
  kind: PublicReadKind,
  slug: string,
  load: () => Promise<T>
): Promise<T> {
  return caches()[kind].get(slug, load) as Promise<T>;
}

/**
 * A public page as the server rendered it for an anonymous reader, kept as
 * long as the reads it was made from. The server (server/middleware/shared-page.ts) serves it again as the
 * same bytes, its inline scripts allowed by hash rather than by a nonce, with
 * cache headers that let a CDN keep it too. A read surge then costs one
 * render per page, language and second instead of one per reader.
 */
export interface SharedPage {
  until: number;
  /** The page's path, for forgetting one statement's pages. */
  path: string;
  headers: [string, string][];
  body: Buffer;
  /** The CSP sources that let its inline scripts run (their hashes). */
  scripts: string;
}

/** Routes set this response header (stripped before sending) on pages that are the same for every anonymous reader. */
export const SHARED_PAGE_HEADER = "x-undersigned-shared-page";

const MAX_SHARED_PAGES = 1000;
const keptPages = new Map<string, SharedPage>();
const sharedPages = () => keptPages;

export function findSharedPage(key: string): SharedPage | undefined {
  const page = sharedPages().get(key);
  if (page && page.until > Date.now()) return page;
  if (page) sharedPages().delete(key);
  return undefined;
}

export function keepSharedPage(key: string, page: Omit<SharedPage, "until">) {
  const pages = sharedPages();
  // Query strings and languages are the reader's to invent: bound them.
  if (pages.size >= MAX_SHARED_PAGES) pages.clear();
  pages.set(key, { ...page, until: Date.now() + PUBLIC_READ_TTL_MS });
}

/**
 * Drops cached public reads and pages in this process: one statement's after
 * a change to it (a confirmation), or all of them after rarer changes that
 * know the statement only by id (publishing, delivery, responses, retention).
 */
export function forgetPublicReads(slug?: string) {
  for (const cache of Object.values(caches())) {
    if (slug === undefined) cache.clear();
    else cache.forget(slug);
  }
  const pages = sharedPages();
  if (slug === undefined) return pages.clear();
  const prefix = `/statements/${slug}`;
  for (const [key, page] of pages) if (page.path === prefix || page.path.startsWith(`${prefix}/`)) pages.delete(key);
}

/** Runs a change to what public pages show, then drops this process's cached public reads, whatever the outcome. */
export async function changingPublicPages<T>(change: Promise<T>): Promise<T> {
  try {
    return await change;
  } finally {
    forgetPublicReads();
  }
}
