import type autocannon from "autocannon";
import { sql } from "kysely";
import postgres from "postgres";
import type { DB } from "../db/types";
import { createBenchStatement, createPendingSignatures } from "./fixtures";
import { load, type BenchRow } from "./lib";
import type { Target } from "./sign";

function verifyRequests(tokens: string[]) {
  let n = 0;
  return [
    {
      method: "POST" as const,
      path: "/signatures/verify",
      setupRequest: (req: autocannon.Request): autocannon.Request => ({
        ...req,
        method: "POST" as const,
        body: `token=${tokens[n++ % tokens.length]}`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    },
  ];
}

/**
 * Samples who waits on a lock while the load runs: every backend of the
 * database waiting on a heavyweight lock, and those whose query touches the
 * count shards.
 */
function sampleLockWaits(databaseUrl: string) {
  const pg = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const max = { waiting: 0, onShards: 0, samples: 0 };
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const [row] = await pg`
        select count(*) filter (where wait_event_type = 'Lock')::int as waiting,
               count(*) filter (where wait_event_type = 'Lock' and query ilike '%statement_count_shards%')::int as on_shards
        from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
      max.waiting = Math.max(max.waiting, row.waiting);
      max.onShards = Math.max(max.onShards, row.on_shards);
      max.samples++;
    } finally {
      busy = false;
    }
  }, 50);
  return {
    async stop() {
      clearInterval(timer);
      await pg.end({ timeout: 1 });
      return max;
    },
  };
}

async function confirmAll(db: DB, target: Target, count: number, connections: number, databaseUrl: string) {
  const warm = await createBenchStatement(db, `bench-verify-warmup-${target.name}`);
  const warmTokens = await createPendingSignatures(db, warm, Math.min(2000, count), `verify-warm-${target.name}`);
  await load({ url: target.url, connections, amount: warmTokens.length, requests: verifyRequests(warmTokens) });

  const statement = await createBenchStatement(db, `bench-verify-${target.name}`);
  const tokens = await createPendingSignatures(db, statement, count, `verify-${target.name}`);
  await sql`analyze signatures`.execute(db);
  const locks = sampleLockWaits(databaseUrl);
  const result = await load({ url: target.url, connections, amount: tokens.length, requests: verifyRequests(tokens) });
  const waits = await locks.stop();
  return { result, waits, statement };
}

/**
 * Confirmations of pending signatures through the real verify form, against
 * the bare baseline doing the same transaction. Afterwards the public count
 * must equal the number of confirmations acknowledged.
 */
export async function benchVerify(
  db: DB,
  { app, bare, databaseUrl, count = 20_000, connections = 50 }: { app: Target; bare: Target; databaseUrl: string; count?: number; connections?: number },
): Promise<BenchRow[]> {
  const base = await confirmAll(db, bare, count, connections, databaseUrl);
  const real = await confirmAll(db, app, count, connections, databaseUrl);
  const confirmed = real.result.statusCounts["303"] ?? 0;

  // The count endpoint may be a second or two behind (caches); it must end up exact.
  let shown = -1;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${app.url}/statements/${real.statement.slug}/count`);
    shown = ((await res.json()) as { verified: number }).verified;
    if (shown === confirmed) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const rows = await db
    .selectFrom("signatures")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("statement_id", "=", real.statement.id)
    .where("state", "=", "verified")
    .executeTakeFirstOrThrow();
  const exact = shown === confirmed && rows.n === confirmed;
  console.log(
    `verify: ${confirmed} confirmations acknowledged (303), ${rows.n} verified rows, count endpoint says ${shown}${exact ? " — equal" : " — MISMATCH"}; ` +
      `answers ${JSON.stringify(real.result.statusCounts)}; max lock waiters ${real.waits.waiting} (on count shards ${real.waits.onShards}) over ${real.waits.samples} samples`,
  );
  return [
    {
      scenario: "verify",
      metric: "confirmations (form POST → 303)",
      value: real.result.throughput,
      unit: "req/s",
      p50: real.result.p50,
      p99: real.result.p99,
      baseline: { name: "bare node:http + postgres.js", value: base.result.throughput, p50: base.result.p50, p99: base.result.p99 },
      target: "≥ 1,000/s, no lock pile-up",
      met: real.result.throughput >= 1000 && exact && real.waits.onShards <= connections / 10,
      note:
        `${count} pending signatures of one statement confirmed over ${real.result.durationSeconds} s (${connections} connections); ` +
        `count endpoint afterwards ${shown}, verified rows ${rows.n}, confirmations acknowledged ${confirmed} (${exact ? "equal" : "NOT EQUAL"}). ` +
        `Sampling pg_stat_activity every 50 ms: at most ${real.waits.waiting} backends waiting on a lock, ${real.waits.onShards} of them on ` +
        `statement_count_shards (baseline: ${base.waits.waiting} / ${base.waits.onShards}).`,
    },
  ];
}
