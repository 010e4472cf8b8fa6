import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../server/embedded-postgres";
import { startMailSink, type MailSink } from "../server/mail-sink";

export interface BenchRow {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  p50?: number;
  p99?: number;
  baseline?: { name: string; value: number; p50?: number; p99?: number };
  target?: string;
  /** Did the figure meet its target? undefined when there is none. */
  met?: boolean;
  note?: string;
  /** CPU milliseconds per request by side (web process, Postgres, load generator), and the same for the baseline. */
  cpu?: { value: Record<string, number>; baseline?: Record<string, number> };
}

export async function startBenchDatabase(): Promise<{ pg: EmbeddedDatabase; url: string; postmasterPid: number; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "undersigned-bench-"));
  // Production settings (fsync and synchronous commit on): a figure that
  // only holds without durability would be a lie.
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, "data"),
    flags: ["-c", "max_connections=200", "-c", "shared_buffers=512MB"],
  });
  const url = await pg.createDatabase("bench");
  const db = createDb(url, { max: 1 });
  await migrateToLatest(db);
  await db.destroy();
  return {
    pg,
    url,
    postmasterPid: Number(readFileSync(path.join(dir, "data", "postmaster.pid"), "utf8").split("\n")[0]),
    async stop() {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An SMTP sink that only counts (parsing is the same cost for both arms of a comparison). */
export async function startCountingSink(): Promise<{ sink: MailSink; count: () => number; reset(): void }> {
  let n = 0;
  const sink = await startMailSink({
    onMessage: () => {
      n++;
    },
  });
  return { sink, count: () => n, reset: () => (n = 0) };
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Answers per second over the whole run (total / duration), also right for runs of a fixed amount. */
  throughput: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  statusCounts: Record<string, number>;
  errors: number;
  durationSeconds: number;
}

/** Bounded load on loopback with autocannon. */
export async function load(opts: autocannon.Options, responseTimes?: number[]): Promise<LoadResult> {
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ connections: 50, duration: 10, ...opts }, (err, res) => (err ? reject(err) : resolve(res)));
    if (responseTimes) instance.on("response", (_client, _status, _bytes, ms) => responseTimes.push(ms));
  });
  const statusCounts: Record<string, number> = {};
  for (const [k, v] of Object.entries(result.statusCodeStats ?? {})) statusCounts[k] = (v as { count: number }).count;
  return {
    requestsPerSecond: result.requests.average,
    throughput: result.duration > 0 ? result.requests.total / result.duration : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    statusCounts,
    errors: result.errors + result.timeouts,
    durationSeconds: result.duration,
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Load for at least `seconds` without stopping, in runs of an exact number
 * of requests (sized from `pace`, then from the pace measured) that each
 * wait for every answer, so that every request sent is answered and can be
 * counted. Percentiles are over every answer of every run.
 */
export async function sustainedLoad(opts: autocannon.Options, { seconds, pace }: { seconds: number; pace: number }): Promise<LoadResult & { runs: number }> {
  const connections = opts.connections ?? 50;
  const times: number[] = [];
  const statusCounts: Record<string, number> = {};
  let total = 0;
  let errors = 0;
  let runs = 0;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  while (elapsed() < seconds) {
    const amount = Math.max(connections, Math.round(pace * (seconds - elapsed())));
    const r = await load({ ...opts, amount }, times);
    runs++;
    total += r.total;
    errors += r.errors;
    for (const [k, v] of Object.entries(r.statusCounts)) statusCounts[k] = (statusCounts[k] ?? 0) + v;
    if (r.durationSeconds > 0) pace = r.total / r.durationSeconds;
  }
  const durationSeconds = elapsed();
  times.sort((a, b) => a - b);
  return {
    requestsPerSecond: total / durationSeconds,
    throughput: total / durationSeconds,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    total,
    non2xx: Object.entries(statusCounts)
      .filter(([k]) => !k.startsWith("2"))
      .reduce((a, [, v]) => a + v, 0),
    statusCounts,
    errors,
    durationSeconds,
    runs,
  };
}

export const ratio = (value: number, baseline: number) => (baseline > 0 ? value / baseline : NaN);

export function formatTable(rows: BenchRow[]): string {
  const header = ["scenario", "metric", "value", "p50 ms", "p99 ms", "baseline", "baseline value", "ratio", "target", "met"];
  const fmt = (n: number | undefined, digits = 0) =>
    n === undefined || Number.isNaN(n) ? "" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const lines = rows.map((r) => [
    r.scenario,
    r.metric,
    `${fmt(r.value, r.value < 100 ? 2 : 0)} ${r.unit}`,
    fmt(r.p50, 1),
    fmt(r.p99, 1),
    r.baseline?.name ?? "",
    r.baseline ? `${fmt(r.baseline.value, r.baseline.value < 100 ? 2 : 0)} ${r.unit}` : "",
    r.baseline ? `${fmt(ratio(r.value, r.baseline.value) * 100, 0)}%` : "",
    r.target ?? "",
    r.met === undefined ? "" : r.met ? "yes" : "NO",
  ]);
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((l) => l[i].length)));
  const row = (l: string[]) => `| ${l.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [row(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...lines.map(row)].join("\n");
}

// ── CPU accounting ──────────────────────────────────────────────────────────
// The machine is shared, so wall-clock figures are noisy; CPU time spent per
// request by each side is not, and says where the time goes.

const TICKS_PER_SECOND = 100;

function procStat(pid: number): { ppid: number; self: number; reaped: number } | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces.
    const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), self: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}

/**
 * CPU seconds used so far by a process and all its descendants: live ones,
 * and those any of them has reaped (Postgres backends that ended are
 * reaped by the postmaster, a child's helpers by the child).
 */
export function treeCpuSeconds(root: number): number {
  const stats = new Map<number, NonNullable<ReturnType<typeof procStat>>>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = procStat(Number(name));
    if (s) stats.set(Number(name), s);
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 20; p = stats.get(p)?.ppid ?? 0, hops++) if (p === root) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, s] of stats) if (inTree(pid)) ticks += s.self + s.reaped;
  return ticks / TICKS_PER_SECOND;
}

export interface CpuMeter {
  /** CPU milliseconds per request of each side since the meter started. */
  perRequest(requests: number): Record<string, number>;
}

/** Starts measuring the CPU of the given process trees and of this process (the load generator). */
export function meterCpu(trees: Record<string, number>): CpuMeter {
  const before = Object.fromEntries(Object.entries(trees).map(([k, pid]) => [k, treeCpuSeconds(pid)]));
  const self = process.cpuUsage();
  return {
    perRequest(requests) {
      const out: Record<string, number> = {};
      for (const [k, pid] of Object.entries(trees)) out[k] = ((treeCpuSeconds(pid) - before[k]) * 1000) / requests;
      const used = process.cpuUsage(self);
      out["load generator"] = (used.user + used.system) / 1000 / requests;
      return out;
    },
  };
}

export const formatCpu = (cpu: Record<string, number>) =>
  Object.entries(cpu)
    .map(([k, ms]) => `${k} ${ms.toFixed(2)} ms`)
    .join(", ");

/** CPU seconds the whole machine has been busy, and its CPU seconds in all (every core). */
function machineCpu() {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy / TICKS_PER_SECOND, total: (busy + idle + iowait) / TICKS_PER_SECOND };
}

/**
 * How much of the machine's CPU went to work that is not this benchmark
 * (other users of a shared machine) while `fn` ran: this process and
 * everything it started (servers, Postgres) count as ours.
 */
export async function withOthersShare<T>(fn: () => Promise<T>): Promise<{ value: T; othersShare: number }> {
  const m0 = machineCpu();
  const ours0 = treeCpuSeconds(process.pid);
  const value = await fn();
  const m1 = machineCpu();
  const ours = treeCpuSeconds(process.pid) - ours0;
  const total = m1.total - m0.total;
  return { value, othersShare: total > 0 ? Math.max(0, (m1.busy - m0.busy - ours) / total) : 0 };
}

/**
 * A baseline measured half before and half after the measured run, as one:
 * throughput over both, mean p50, worst p99, CPU per request weighted by
 * requests. Refuses halves that did not answer every request with a 303.
 */
export function joinBaselineHalves(before: { result: LoadResult; cpu: Record<string, number> }, after: { result: LoadResult; cpu: Record<string, number> }) {
  for (const half of [before, after])
    if (half.result.errors || Object.keys(half.result.statusCounts).some((k) => k !== "303"))
      throw new Error(`baseline answered ${JSON.stringify(half.result.statusCounts)} with ${half.result.errors} errors`);
  const requests = before.result.total + after.result.total;
  return {
    value: requests / (before.result.durationSeconds + after.result.durationSeconds),
    p50: (before.result.p50 + after.result.p50) / 2,
    p99: Math.max(before.result.p99, after.result.p99),
    cpu: Object.fromEntries(Object.keys(before.cpu).map((k) => [k, (before.cpu[k] * before.result.total + after.cpu[k] * after.result.total) / requests])),
  };
}
