import type autocannon from "autocannon";
import { sql } from "kysely";
import type { DB } from "../db/types";
import { createBenchStatement } from "./fixtures";
import { formatCpu, joinBaselineHalves, load, meterCpu, sustainedLoad, type BenchRow, type LoadResult } from "./lib";

export interface Target {
  url: string;
  /** Prefixes everything this arm creates, so arms never collide. */
  name: string;
  /** The server's process (its tree is metered). */
  pid: number;
  /** The postmaster's process (every backend is in its tree). */
  pgPid: number;
}

/** A new signer per request: a unique address and a unique client address (X-Forwarded-For). */
function signRequests(slug: string, wardIds: number[], prefix: string) {
  let n = 0;
  return [
    {
      method: "POST" as const,
      path: `/statements/${slug}`,
      setupRequest: (req: autocannon.Request): autocannon.Request => {
        const i = n++;
        const body = new URLSearchParams({
          name: `Signer ${prefix} ${i}`,
          email: `${prefix}-${i}@bench.example`,
          ward: String(wardIds[i % wardIds.length]),
          display: i % 3 === 0 ? "private" : "initials",
          updates: "1",
          website: "",
        }).toString();
        return {
          ...req,
          method: "POST" as const,
          body,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-forwarded-for": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          },
        };
      },
    },
  ];
}

/** A short warm-up (JIT, pools) on a statement of its own; its pace sizes the measured runs. */
async function warmUp(db: DB, target: Target, connections: number) {
  const warm = await createBenchStatement(db, `bench-sign-warmup-${target.name}`);
  const probe = await load({ url: target.url, connections, duration: 5, requests: signRequests(warm.slug, warm.wardIds, `warm-${target.name}`) });
  return probe.throughput;
}

/** New signatures for `seconds` without a pause, every one answered (see sustainedLoad). */
async function signFor(target: Target, statement: { slug: string; wardIds: number[] }, prefix: string, seconds: number, pace: number, connections: number) {
  const cpu = meterCpu({ server: target.pid, postgres: target.pgPid });
  const result = await sustainedLoad({ url: target.url, connections, requests: signRequests(statement.slug, statement.wardIds, prefix) }, { seconds, pace });
  return { result, cpu: cpu.perRequest(result.total) };
}

const acknowledged = (r: LoadResult) =>
  Object.entries(r.statusCounts)
    .filter(([k]) => k === "303" || k.startsWith("2"))
    .reduce((a, [, v]) => a + v, 0);


/**
 * New signatures, each a plain form post through the real route (validation,
 * rate limits, one statement writing the signature and its outbox row),
 * for `seconds` without a pause, against the bare baseline sending the same
 * SQL. The baseline runs half before and half after, so that the load others
 * put on the shared machine meanwhile weighs on both alike.
 */
export async function benchSign(
  db: DB,
  { app, bare, seconds = 30, connections = 50 }: { app: Target; bare: Target; seconds?: number; connections?: number },
): Promise<BenchRow[]> {
  const bareRate = await warmUp(db, bare, connections);
  const appRate = await warmUp(db, app, connections);
  const bareStatement = await createBenchStatement(db, "bench-sign-bare");
  const appStatement = await createBenchStatement(db, "bench-sign-app");
  const before = await signFor(bare, bareStatement, "sign-bare-a", seconds / 2, bareRate, connections);
  const real = await signFor(app, appStatement, "sign-app", seconds, appRate, connections);
  const after = await signFor(bare, bareStatement, "sign-bare-b", seconds / 2, bareRate, connections);

  const r = real.result;
  const acked = acknowledged(r);
  const { rows, queued } = (
    await sql<{ rows: number; queued: number }>`
      select (select count(*)::int from signatures where statement_id = ${appStatement.id}) as rows,
             (select count(*)::int from outbox where kind = 'signature_verification' and to_address like 'sign-app-%@bench.example') as queued`.execute(db)
  ).rows[0];
  const exact = acked === rows && rows === queued && acked === r.total;
  const base = joinBaselineHalves(before, after);
  console.log(`sign CPU per request: app ${formatCpu(real.cpu)}; baseline ${formatCpu(base.cpu)}`);
  console.log(
    `sign: ${r.total} posts in ${r.durationSeconds.toFixed(1)} s (${r.runs} runs), ${acked} acknowledged (2xx/303), ${rows} rows in signatures, ${queued} verification emails queued` +
      `${exact ? " — all equal" : " — MISMATCH"}; answers ${JSON.stringify(r.statusCounts)}, errors ${r.errors}`,
  );
  const met = r.throughput >= 1000 && r.p99 <= 200 && r.throughput >= 0.4 * base.value && exact;
  return [
    {
      scenario: "sign",
      metric: "new signatures (form POST → 303)",
      value: r.throughput,
      unit: "req/s",
      p50: r.p50,
      p99: r.p99,
      baseline: { name: "bare node:http + postgres.js, same SQL", value: base.value, p50: base.p50, p99: base.p99 },
      target: "≥ 1,000/s, p99 ≤ 200 ms, ≥ 40%",
      met,
      cpu: { value: real.cpu, baseline: base.cpu },
      note:
        `${r.total.toLocaleString("en-US")} posts without a pause over ${r.durationSeconds.toFixed(1)} s (${r.runs} back-to-back runs, each waiting for ` +
        `all its answers), ${connections} connections: ` +
        `${acked.toLocaleString("en-US")} acknowledged (303), ${rows.toLocaleString("en-US")} rows in signatures, ` +
        `${queued.toLocaleString("en-US")} verification emails queued (${exact ? "all equal: none lost" : "NOT EQUAL"}). ` +
        `Each post has a new address and its own X-Forwarded-For (TRUST_PROXY=1), so the per-address limit sees separate signers.`,
    },
  ];
}
