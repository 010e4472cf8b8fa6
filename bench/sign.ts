import type autocannon from "autocannon";
import { sql } from "kysely";
import type { DB } from "../db/types";
import { createBenchStatement } from "./fixtures";
import { formatCpu, load, meterCpu, type BenchRow, type LoadResult } from "./lib";

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

/**
 * A short warm-up (JIT, pools) on a statement of its own sets the pace; the
 * measured run then sends exactly enough requests for `seconds` at that pace
 * and waits for every answer, so each acknowledged signature can be counted.
 */
async function sustained(db: DB, target: Target, seconds: number, connections: number) {
  const warm = await createBenchStatement(db, `bench-sign-warmup-${target.name}`);
  const probe = await load({ url: target.url, connections, duration: 5, requests: signRequests(warm.slug, warm.wardIds, `warm-${target.name}`) });
  const statement = await createBenchStatement(db, `bench-sign-${target.name}`);
  const amount = Math.max(connections, Math.round(probe.throughput * seconds));
  const cpu = meterCpu({ server: target.pid, postgres: target.pgPid });
  const result = await load({
    url: target.url,
    connections,
    amount,
    requests: signRequests(statement.slug, statement.wardIds, `sign-${target.name}`),
  });
  const rows = await db
    .selectFrom("signatures")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("statement_id", "=", statement.id)
    .executeTakeFirstOrThrow();
  return { result, rows: rows.n, statement, cpu: cpu.perRequest(result.total) };
}

const acknowledged = (r: LoadResult) => (r.statusCounts["303"] ?? 0) + Object.entries(r.statusCounts).filter(([k]) => k.startsWith("2")).reduce((a, [, v]) => a + v, 0);

/**
 * New signatures, each a plain form post through the real route (validation,
 * rate limits, transaction, outbox), against the bare baseline doing the same
 * reads and writes.
 */
export async function benchSign(db: DB, { app, bare, seconds = 30, connections = 50 }: { app: Target; bare: Target; seconds?: number; connections?: number }): Promise<BenchRow[]> {
  const base = await sustained(db, bare, seconds, connections);
  const real = await sustained(db, app, seconds, connections);
  const acked = acknowledged(real.result);
  const lost = acked - real.rows;
  console.log(`sign CPU per request: app ${formatCpu(real.cpu)}; baseline ${formatCpu(base.cpu)}`);
  console.log(
    `sign: ${real.result.total} requests in ${real.result.durationSeconds} s, ${acked} acknowledged (2xx/303), ${real.rows} rows in signatures` +
      `${lost === 0 ? " — equal" : ` — MISMATCH (${lost})`}; other answers ${JSON.stringify(real.result.statusCounts)}, errors ${real.result.errors}`,
  );
  const met = real.result.throughput >= 1000 && real.result.p99 <= 200 && real.result.throughput >= 0.4 * base.result.throughput && lost === 0;
  return [
    {
      scenario: "sign",
      metric: "new signatures (form POST → 303)",
      value: real.result.throughput,
      unit: "req/s",
      p50: real.result.p50,
      p99: real.result.p99,
      baseline: { name: "bare node:http + postgres.js", value: base.result.throughput, p50: base.result.p50, p99: base.result.p99 },
      target: "≥ 1,000/s, p99 ≤ 200 ms, ≥ 40%",
      met,
      note:
        `${real.result.total} posts over ${real.result.durationSeconds} s (${connections} connections); ${acked} acknowledged, ${real.rows} rows in signatures ` +
        `(${lost === 0 ? "equal: none lost" : `${lost} MISSING`}). Each post has a new address and its own X-Forwarded-For (TRUST_PROXY=1), ` +
        `so the per-address limit sees separate signers. The baseline does the same reads and writes (statement and ward lookups, ` +
        `both rate-limit upserts, signature + outbox row in one transaction) without the framework.`,
    },
  ];
}
