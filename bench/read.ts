import { sql } from "kysely";
import type { DB } from "../db/types";
import { createBenchStatement, createPendingSignatures } from "./fixtures";
import { formatCpu, load, meterCpu, type BenchRow, type LoadResult } from "./lib";
import { measurePageJs } from "./page-js";
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

interface Totals {
  requests: number;
  seconds: number;
  p50s: number[];
  p99s: number[];
  cpu: Record<string, number>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The public statement page and the count endpoint, against the minimal
 * Remix page (/about: static text, same server, same root loader and
 * layout). The three are measured in alternating rounds so that the load
 * others put on the shared machine falls on each alike.
 */
export async function benchRead(
  db: DB,
  { app, seconds = 15, rounds = 3, connections = 50, verified = 50_000 }: { app: Target; seconds?: number; rounds?: number; connections?: number; verified?: number },
): Promise<BenchRow[]> {
  const statement = await popularStatement(db, verified);
  const page = `/statements/${statement.slug}`;
  // A reader with a cookie other than the language's (e.g. a signed-in
  // organizer) is never given the shared render: every view renders.
  const all = { about: "/about", page, rendered: page, count: `${page}/count` };
  // BENCH_READ=rendered (say) measures only those pages beside /about, and only their rows.
  const chosen = (process.env.BENCH_READ ?? "").split(",").filter(Boolean);
  const paths = chosen.length
    ? (Object.fromEntries(Object.entries(all).filter(([k]) => k === "about" || chosen.includes(k))) as Partial<typeof all> & { about: string })
    : all;
  const headersOf = (name: keyof typeof all) => (name === "rendered" ? { cookie: "bench-reader=1" } : {});
  const totals = Object.fromEntries(Object.keys(paths).map((k) => [k, { requests: 0, seconds: 0, p50s: [], p99s: [], cpu: {} } as Totals])) as Partial<
    Record<keyof typeof all, Totals>
  > & { about: Totals };
  for (const [name, path] of Object.entries(paths) as [keyof typeof all, string][])
    await load({ url: app.url + path, headers: headersOf(name), connections, duration: 3 });
  for (let round = 0; round < rounds; round++) {
    for (const [name, path] of Object.entries(paths) as [keyof typeof all, string][]) {
      const cpu = meterCpu({ server: app.pid, postgres: app.pgPid });
      const r: LoadResult = await load({ url: app.url + path, headers: headersOf(name), connections, duration: seconds / rounds });
      if (r.non2xx || r.errors) throw new Error(`read ${name}: ${r.non2xx} non-2xx answers, ${r.errors} errors ${JSON.stringify(r.statusCounts)}`);
      const t = totals[name]!;
      t.requests += r.total;
      t.seconds += r.durationSeconds;
      t.p50s.push(r.p50);
      t.p99s.push(r.p99);
      for (const [k, ms] of Object.entries(cpu.perRequest(r.total))) t.cpu[k] = (t.cpu[k] ?? 0) + ms * r.total;
    }
  }
  const bytes = async (path: string) => (await (await fetch(app.url + path)).arrayBuffer()).byteLength;
  const [aboutBytes, pageBytes] = [await bytes(all.about), await bytes(all.page)];
  const rate = (t: Totals) => t.requests / t.seconds;
  const cpuOf = (t: Totals) => Object.fromEntries(Object.entries(t.cpu).map(([k, ms]) => [k, ms / t.requests]));
  const { about, page: shared, rendered, count } = totals;
  const cpuLine = ([label, t]: readonly [string, Totals | undefined]) => (t ? [`${label} ${formatCpu(cpuOf(t))}`] : []);
  const measured = ([["about", about], ["page", shared], ["page rendered", rendered], ["count", count]] as const).flatMap(cpuLine);
  console.log(`read CPU per request: ${measured.join("; ")}`);
  const baseline = { name: "minimal Remix page (/about)", value: rate(about), p50: median(about.p50s), p99: Math.max(...about.p99s) };
  const rows: BenchRow[] = [];
  if (shared)
    rows.push({
      scenario: "read",
      metric: "statement page (HTML)",
      value: rate(shared),
      unit: "req/s",
      p50: median(shared.p50s),
      p99: Math.max(...shared.p99s),
      baseline,
      target: "≥ 70% of baseline",
      met: rate(shared) >= 0.7 * rate(about),
      note:
        `${seconds} s each for the page, the page rendered per view, the count and /about, in ${rounds} alternating rounds, ${connections} connections; ` +
        `a statement with ${verified.toLocaleString("en-US")} verified signatures; no CDN in front. p50 is the median of the rounds, p99 the worst. ` +
        `Readers without a session share one render of the page per second and language (the same bytes for each, inline scripts allowed by hash); /about is rendered for every view. ` +
        `The page is ${(pageBytes / 1024).toFixed(1)} KB of HTML, /about ${(aboutBytes / 1024).toFixed(1)} KB.`,
      cpu: { value: cpuOf(shared), baseline: cpuOf(about) },
    });
  if (rendered)
    rows.push({
      scenario: "read",
      metric: "statement page rendered per view (a reader with a cookie)",
      value: rate(rendered),
      unit: "req/s",
      p50: median(rendered.p50s),
      p99: Math.max(...rendered.p99s),
      baseline,
      target: "≥ 85% of baseline",
      met: rate(rendered) >= 0.85 * rate(about),
      note:
        "The same page for a reader with a session or any cookie but the language's, who is never given the shared render: " +
        "the cost of rendering it (React over about three times /about's markup, Remix's routing and data).",
      cpu: { value: cpuOf(rendered), baseline: cpuOf(about) },
    });
  if (count)
    rows.push({
      scenario: "read",
      metric: "count endpoint (JSON)",
      value: rate(count),
      unit: "req/s",
      p50: median(count.p50s),
      p99: Math.max(...count.p99s),
      baseline,
      target: "≥ 5,000/s",
      met: rate(count) >= 5000,
      cpu: { value: cpuOf(count), baseline: cpuOf(about) },
    });
  if (!chosen.length) {
    const pageJs = await measurePageJs(app.url, all.page);
    console.log(`read: ${pageJs.metric} ${pageJs.value.toFixed(1)} KB, ${pageJs.baseline!.name} ${pageJs.baseline!.value.toFixed(1)} KB; ${pageJs.note}`);
    rows.push(pageJs);
  }
  return rows;
}
