import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb } from "~/db.server";

export interface RateLimit {
  /** What is limited, e.g. `sign:ip:203.0.113.5`. */
  key: string;
  limit: number;
  windowSeconds: number;
}

/** The start of the fixed window that now() falls in. */
export const rateLimitWindow = (windowSeconds: number) =>
  sql<Date>`to_timestamp(floor(extract(epoch from now()) / ${windowSeconds}) * ${windowSeconds})`;

/**
 * Counts one hit in a fixed window and says whether it is within the limit.
 * Kept in Postgres so every web process and machine shares the same count.
 */
export async function hitRateLimit({ key, limit, windowSeconds }: RateLimit, db: Executor = getDb()) {
  const row = await db
    .insertInto("rate_limits")
    .values({
      key,
      window_start: rateLimitWindow(windowSeconds),
      hits: 1,
    })
    .onConflict((oc) => oc.columns(["key", "window_start"]).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
    .returning("hits")
    .executeTakeFirstOrThrow();
  return { allowed: row.hits <= limit, hits: row.hits };
}

/** Forgets windows older than a day. */
export async function pruneRateLimits(db: Executor = getDb()) {
  await db.deleteFrom("rate_limits").where("window_start", "<", sql<Date>`now() - interval '1 day'`).execute();
}
