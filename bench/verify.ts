import type autocannon from "autocannon";
import { sql } from "kysely";
import postgres from "postgres";
import type { DB } from "../db/types";
import { createBenchStatement, createPendingSignatures } from "./fixtures";
import { formatCpu, joinBaselineHalves, load, meterCpu, type BenchRow } from "./lib";
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

async function warmUp(db: DB, target: Target, connections: number) {
  const warm = await createBenchStatement(db, `bench-verify-warmup-${target.name}`);
  const tokens = await createPendingSignatures(db, warm, 2000, `verify-warm-${target.name}`);
  await load({ url: target.url, connections, amount: tokens.length, requests: verifyRequests(tokens) });
}

/** Confirms every token once, sampling lock waits meanwhile. */
async function confirmAll(target: Target, tokens: string[], connections: number, databaseUrl: string) {
  const locks = sampleLockWaits(databaseUrl);
  const cpu = meterCpu({ server: target.pid, postgres: target.pgPid });
  const result = await load({ url: target.url, connections, amount: tokens.length, requests: verifyRequests(tokens) });
  return { result, cpu: cpu.perRequest(result.total), waits: await locks.stop() };
}

/**
 * Confirmations of pending signatures through the real verify form, against
 * the bare baseline sending the same SQL (half before, half after).
 * Afterwards the public count must equal the number of confirmations
 * acknowledged.
 */
export async function benchVerify(
  db: DB,
  { app, bare, databaseUrl, count = 20_000, connections = 50 }: { app: Target; bare: Target; databaseUrl: string; count?: number; connections?: number },
): Promise<BenchRow[]> {
  await warmUp(db, bare, connections);
  await warmUp(db, app, connections);
  const bareStatement = await createBenchStatement(db, "bench-verify-bare");
  const appStatement = await createBenchStatement(db, "bench-verify-app");
  const bareTokens = await createPendingSignatures(db, bareStatement, count, "verify-bare");
  const appTokens = await createPendingSignatures(db, appStatement, count, "verify-app");
  await sql`analyze signatures`.execute(db);

  const before = await confirmAll(bare, bareTokens.slice(0, count / 2), connections, databaseUrl);
  const real = await confirmAll(app, appTokens, connections, databaseUrl);
  const after = await confirmAll(bare, bareTokens.slice(count / 2), connections, databaseUrl);
  const r = real.result;
  const confirmed = r.statusCounts["303"] ?? 0;

  // The count endpoint may be a second or two behind (caches); it must end up exact.
  let shown = -1;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${app.url}/statements/${appStatement.slug}/count`);
    shown = ((await res.json()) as { verified: number }).verified;
    if (shown === confirmed) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const { rows: verifiedRows, shards, queued } = (
    await sql<{ rows: number; shards: number; queued: number }>`
      select (select count(*)::int from signatures where statement_id = ${appStatement.id} and state = 'verified') as rows,
             (select sum(verified)::int from statement_count_shards where statement_id = ${appStatement.id}) as shards,
             (select count(*)::int from outbox where kind = 'signature_confirmation' and to_address like 'verify-app-%@bench.example') as queued`.execute(db)
  ).rows[0];
  const exact = shown === confirmed && verifiedRows === confirmed && shards === confirmed && queued === confirmed && confirmed === count;
  const base = { ...joinBaselineHalves(before, after), waits: Math.max(before.waits.onShards, after.waits.onShards) };
  console.log(`verify CPU per request: app ${formatCpu(real.cpu)}; baseline ${formatCpu(base.cpu)}`);
  console.log(
    `verify: ${confirmed} confirmations acknowledged (303) of ${count}, ${verifiedRows} verified rows, shards sum to ${shards}, ` +
      `${queued} confirmation emails queued, count endpoint says ${shown}${exact ? " — all equal" : " — MISMATCH"}; answers ${JSON.stringify(r.statusCounts)}; ` +
      `max lock waiters ${real.waits.waiting} (on count shards ${real.waits.onShards}) over ${real.waits.samples} samples`,
  );
  return [
    {
      scenario: "verify",
      metric: "confirmations (form POST → 303)",
      value: r.throughput,
      unit: "req/s",
      p50: r.p50,
      p99: r.p99,
      baseline: { name: "bare node:http + postgres.js, same SQL", value: base.value, p50: base.p50, p99: base.p99 },
      target: "≥ 1,000/s, no lock pile-up",
      met: r.throughput >= 1000 && exact && real.waits.onShards <= 1,
      cpu: { value: real.cpu, baseline: base.cpu },
      note:
        `${count.toLocaleString("en-US")} pending signatures of one statement confirmed over ${r.durationSeconds} s (${connections} connections): ` +
        `${confirmed.toLocaleString("en-US")} acknowledged, ${verifiedRows.toLocaleString("en-US")} verified rows, count shards summing to ` +
        `${shards.toLocaleString("en-US")}, ${queued.toLocaleString("en-US")} confirmation emails queued, count endpoint afterwards ` +
        `${shown.toLocaleString("en-US")} (${exact ? "all equal" : "NOT EQUAL"}). ` +
        `Sampling pg_stat_activity every 50 ms: at most ${real.waits.waiting} backends waiting on a lock at once, ${real.waits.onShards} of them ` +
        `in the statement that moves a count shard (baseline: ${base.waits}).`,
    },
  ];
}
