import { microCache, type MicroCache } from "../utils/micro-cache.server";
import { singleton } from "../utils/singleton.server";

// What a read surge asks for, kept a second per process: one database read
// per statement and second serves every reader. Changes made in this process
// drop what they change at once; elsewhere (other web processes, a replica)
// a public page lags by at most this, as the count's cache headers allow.
export const PUBLIC_READ_TTL_MS = 1000;

const KINDS = ["statement", "count", "delivery"] as const;
type PublicReadKind = (typeof KINDS)[number];

const caches = () =>
  singleton(
    "publicReads",
    () =>
      Object.fromEntries(
        KINDS.map((kind) => [
          kind,
          microCache<unknown>({ ttlMs: PUBLIC_READ_TTL_MS }),
        ])
      ) as Record<PublicReadKind, MicroCache<unknown>>
  );

/** A public read of one statement (by slug), up to PUBLIC_READ_TTL_MS old. */
export function publicRead<T>(
  kind: PublicReadKind,
  slug: string,
  load: () => Promise<T>
): Promise<T> {
  return caches()[kind].get(slug, load) as Promise<T>;
}

/**
 * Drops cached public reads in this process: one statement's after a change
 * to it (a confirmation), or all of them after rarer changes that know the
 * statement only by id (publishing, delivery, responses, retention).
 */
export function forgetPublicReads(slug?: string) {
  for (const cache of Object.values(caches())) {
    if (slug === undefined) cache.clear();
    else cache.forget(slug);
  }
}

/** Runs a change to what public pages show, then drops this process's cached public reads, whatever the outcome. */
export async function changingPublicPages<T>(change: Promise<T>): Promise<T> {
  try {
    return await change;
  } finally {
    forgetPublicReads();
  }
}
