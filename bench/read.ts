import { sql } from "kysely";
import type { DB } from "../db/types";
import { createBenchStatement, createPendingSignatures } from "./fixtures";
import { load, type BenchRow } from "./lib";
import type { Target } from "./sign";

/** A statement as a surge finds it: many verified signatures, some shown by name. */
async function popularStatement(db: DB, verified: number) {
  const statement = await createBenchStatement(db, "bench-read");
  await createPendingSignatures(db, statement, verified, "read");
  await db
    .updateTable("signatures")
    .set({ state: "verified", verified_at: sql`now() - (id % 1000) * interval '1 second'`, verify_token_hash: null, verify_expires_at: null })
    .where("statement_id", "=", statement.id)
    .execute();
  await sql`update statement_count_shards set verified = ${verified} where statement_id = ${statement.id} and shard = 0`.execute(db);
  await sql`analyze`.execute(db);
  return statement;
}

async function measure(url: string, path: string, seconds: number, connections: number) {
  await load({ url: url + path, connections, duration: 3 });
  return load({ url: url + path, connections, duration: seconds });
}

/**
 * The public statement page and the count endpoint, against the minimal
 * Remix page (/about: static text, same server, same root loader and layout).
 */
export async function benchRead(
  db: DB,
  { app, seconds = 15, connections = 50, verified = 50_000 }: { app: Target; seconds?: number; connections?: number; verified?: number },
): Promise<BenchRow[]> {
  const statement = await popularStatement(db, verified);
  const about = await measure(app.url, "/about", seconds, connections);
  const page = await measure(app.url, `/statements/${statement.slug}`, seconds, connections);
  const count = await measure(app.url, `/statements/${statement.slug}/count`, seconds, connections);
  for (const [name, r] of [["about", about], ["page", page], ["count", count]] as const)
    if (r.non2xx || r.errors) throw new Error(`read ${name}: ${r.non2xx} non-2xx answers, ${r.errors} errors ${JSON.stringify(r.statusCounts)}`);
  const baseline = { name: "minimal Remix page (/about)", value: about.requestsPerSecond, p50: about.p50, p99: about.p99 };
  return [
    {
      scenario: "read",
      metric: "statement page (HTML)",
      value: page.requestsPerSecond,
      unit: "req/s",
      p50: page.p50,
      p99: page.p99,
      baseline,
      target: "≥ 70% of baseline",
      met: page.requestsPerSecond >= 0.7 * about.requestsPerSecond,
      note: `${seconds} s, ${connections} connections, a statement with ${verified.toLocaleString("en-US")} verified signatures; no CDN in front.`,
    },
    {
      scenario: "read",
      metric: "count endpoint (JSON)",
      value: count.requestsPerSecond,
      unit: "req/s",
      p50: count.p50,
      p99: count.p99,
      baseline,
      target: "≥ 5,000/s",
      met: count.requestsPerSecond >= 5000,
    },
  ];
}
