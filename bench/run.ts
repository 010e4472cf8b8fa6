// `npm run bench`: every scenario with its baseline measured in the same run.
// Writes the table to docs/benchmarks.md (after `remix build`, which npm run
// bench does first).
//
// One scenario or a few while iterating: `npx tsx bench/run.ts sign verify`
// (mail, sign, verify, read, packet, profile); such partial runs, and
// BENCH_QUICK=1 runs with short loads, write to the temp folder instead.
// BENCH_READ=rendered (or page, count, comma-separated) measures only those
// read rows, each beside /about as always: `BENCH_READ=rendered npx tsx bench/run.ts read`.
// BENCH_WEB_CONCURRENCY (default 2) sets the web processes; BENCH_OUTBOX_WORKER=1
// runs the outbox worker in the web process; BENCH_NODE_FLAGS adds node flags
// to the servers (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb } from "../db/client";
import { formatTable, startBenchDatabase, startCountingSink, withOthersShare, type BenchRow } from "./lib";
import { startApp, startBare } from "./processes";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv.slice(2);
const wants = (name: string) => only.length === 0 || only.includes(name);

const started = Date.now();
const database = await startBenchDatabase();
process.env.DATABASE_URL = database.url;
process.env.NODE_ENV = "production";
process.env.SMTP_URL = "smtp://127.0.0.1:1?tls=off"; // replaced per scenario; production env needs one
process.env.APP_URL ??= "http://bench.invalid"; // production needs one; no email leaves the bench

/** Web processes for the app (and the bare baseline); see docs/benchmarks.md for why. */
const webConcurrency = Number(process.env.BENCH_WEB_CONCURRENCY ?? "2");
const notMeasured: string[] = [];
const PROFILE_SECONDS = 8;
let profileTable = "";
const quick = process.env.BENCH_QUICK === "1";

const rows: BenchRow[] = [];
/** Share of the machine's CPU that other work used during each scenario. */
const others: string[] = [];
async function scenario(name: string, run: () => Promise<BenchRow[]>) {
  const { value, othersShare } = await withOthersShare(run);
  rows.push(...value);
  others.push(`${name} ${Math.round(othersShare * 100)}%`);
}
const stops: (() => Promise<void>)[] = [];
const db = createDb(database.url, { max: 4, name: "bench" });
try {
  if (wants("mail")) {
    const { benchMail } = await import("./mail");
    await scenario("mail", () => benchMail());
  }

  if (["sign", "verify", "read", "profile"].some(wants)) {
    const mail = await startCountingSink();
    const app = await startApp({ databaseUrl: database.url, smtpUrl: mail.sink.url, webConcurrency, outboxWorker: process.env.BENCH_OUTBOX_WORKER === "1" });
    stops.push(() => mail.sink.stop(), () => app.stop());
    const bare = ["sign", "verify"].some(wants) ? await startBare({ databaseUrl: database.url, processes: webConcurrency }) : undefined;
    if (bare) stops.push(() => bare.stop());
    const appTarget = { url: app.url, name: "app", pid: app.process.pid!, pgPid: database.postmasterPid };
    const bareTarget = { url: bare?.url ?? "", name: "bare", pid: bare?.process.pid ?? 0, pgPid: database.postmasterPid };
    if (wants("sign")) {
      const { benchSign } = await import("./sign");
      await scenario("sign", () => benchSign(db, { app: appTarget, bare: bareTarget, seconds: quick ? 8 : 30 }));
    }
    if (wants("verify")) {
      const { benchVerify } = await import("./verify");
      await scenario("verify", () => benchVerify(db, { app: appTarget, bare: bareTarget, databaseUrl: database.url, count: quick ? 5000 : 20_000 }));
    }
    if (wants("read")) {
      const { benchRead } = await import("./read");
      await scenario("read", () => benchRead(db, { app: appTarget, seconds: quick ? 5 : 15 }));
    }
    if (wants("profile")) {
      const { whereTheTimeGoes } = await import("./where");
      profileTable = await whereTheTimeGoes(db, { databaseUrl: database.url, smtpUrl: mail.sink.url, seconds: PROFILE_SECONDS });
    }
  }

  if (wants("packet")) {
    const { benchPacketScenario } = await import("./packet");
    await scenario("packet", () => benchPacketScenario({ databaseUrl: database.url }));
  }
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await db.destroy();
  const { closeDbs } = await import("../app/db.server");
  await closeDbs();
  await database.stop();
}

const table = formatTable(rows);
console.log(`\n${table}\n`);
console.log(`CPU used by other work on the machine: ${others.join(", ")}`);

const cores = os.cpus().length;
const ms = (n: number | undefined) => (n === undefined ? "" : n.toFixed(2));
const cpuRows = rows
  .filter((r) => r.cpu)
  .flatMap((r) => {
    const line = (label: string, c: Record<string, number>) => {
      const total = (c.server ?? 0) + (c.postgres ?? 0) + (c["load generator"] ?? 0);
      const perCore = (c.server ?? 0) > 0 ? Math.round(1000 / c.server).toLocaleString("en-US") : "";
      return `| ${r.scenario} / ${label} | ${ms(c.server)} | ${ms(c.postgres)} | ${ms(c["load generator"])} | ${ms(total)} | ${perCore} | ${Math.round((cores * 1000) / total).toLocaleString("en-US")} |`;
    };
    return [line(r.metric, r.cpu!.value), ...(r.cpu!.baseline && r.scenario !== "read" ? [line(r.baseline!.name, r.cpu!.baseline)] : [])];
  });
const aboutCpu = rows.find((r) => r.scenario === "read")?.cpu?.baseline;
if (aboutCpu) cpuRows.push(`| read / ${rows.find((r) => r.scenario === "read")!.baseline!.name} | ${ms(aboutCpu.server)} | ${ms(aboutCpu.postgres)} | ${ms(aboutCpu["load generator"])} | ${ms((aboutCpu.server ?? 0) + (aboutCpu.postgres ?? 0) + (aboutCpu["load generator"] ?? 0))} | ${Math.round(1000 / aboutCpu.server).toLocaleString("en-US")} | ${Math.round((cores * 1000) / ((aboutCpu.server ?? 0) + (aboutCpu.postgres ?? 0) + (aboutCpu["load generator"] ?? 0))).toLocaleString("en-US")} |`);

const cpuModel = os.cpus()[0]?.model ?? "unknown CPU";
const doc = `# Benchmarks

Latest run of \`npm run bench\` (${new Date().toISOString().slice(0, 10)}), on ${cores} × ${cpuModel}, ${Math.round(os.totalmem() / 2 ** 30)} GiB,
Node ${process.version}, PostgreSQL 17 (embedded, fsync and synchronous commit on). Load generator (autocannon), Node and
PostgreSQL share the machine, and so did other people's work: it used this share of the machine's CPU while each
scenario ran: ${others.join(", ")}. Every baseline is measured in the same run (the sign and verify
baselines half before and half after the measured run, the read ones in alternating rounds), so the ratios hold
better than the absolute figures. Took ${Math.round((Date.now() - started) / 1000)} s.

${table}

${[...rows.filter((r) => r.note).map((r) => `- **${r.scenario} / ${r.metric}**: ${r.note}`), ...notMeasured.map((n) => `- ${n}`)].join("\n")}

## How the load runs

- The app is the real server entry (\`server/index.ts\` on the production build, \`NODE_ENV=production\`) with
  \`WEB_CONCURRENCY=${webConcurrency}\`; the bare baseline runs as many processes. Two, because one Node process answers
  at most 1000 ÷ its CPU milliseconds per request (the "one web process" column below), under the count target; measured against \`WEB_CONCURRENCY=1\` once while building this (quick runs on
  2026-11-26, other work using 32–49% of the machine for the run with 2 and 63–74% for the one with 1): 2 processes gave
  5,531 count req/s against 2,335 and 1,667 confirmations/s against 705.
- \`OUTBOX_WORKER=0\` in the web process during sign, verify and read, as docs/scaling.md deploys web processes: the
  emails those requests queue are the mail scenario's work, measured there. The sign and verify checks count the
  queued emails instead.
- \`TRUST_PROXY=1\`, and each sign post carries its own \`X-Forwarded-For\`: one load generator stands for many signers,
  so the per-address rate limit (60 an hour) sees separate addresses instead of flagging the load.
- Sign keeps the load up for the stated time in back-to-back runs of an exact number of requests (sized from a
  5-second warm-up, then from the pace measured), each waiting for all its answers; verify confirms an exact number of
  pending signatures. So every request is answered, and every acknowledged one can be looked for afterwards.

## Where the time goes

CPU milliseconds per request, by process, measured during the runs above (CPU time, not wall time, so less sensitive
to the shared machine than the throughput; contention still inflates it). "One web process" is the most a single
Node process can answer per second at that cost; "${cores} idle cores" is what the whole machine could sustain with
the load generator and PostgreSQL on it too, if nothing else ran.

| request | web process | PostgreSQL | load generator | total | one web process, req/s | ${cores} idle cores, req/s |
|---|---|---|---|---|---|---|
${cpuRows.join("\n")}

${profileTable ? `A CPU profile (\`node --cpu-prof\`, a separate ${PROFILE_SECONDS}-second run of each, one web process) splits the web process's time by layer:

${profileTable}
` : ""}
## What was changed to get here

Found with \`node --cpu-prof\` on the web process, CPU accounting of every process (as in the table above), and
\`EXPLAIN ANALYZE\` on the hot statements with 100,000 signatures on the statement: each runs in well under a tenth of a
millisecond, on the existing indexes where tables are large (signatures by token, by statement and email, by statement
and verification time); planning them took longer than running them. No new index or migration was needed.

- **A new signature is one SQL statement.** It was eight round trips and two commits (statement read, ward read, the
  client-address limit in its own transaction, then begin, insert, email-address limit, outbox insert, commit). Now one
  read (statement and ward together) and one statement whose common table expressions count both rate limits, insert
  the signature (pending, or flagged by those counts) and queue its email; atomic on its own, one commit. Addresses that
  signed before take the old transactional path (\`signStatement\` in app/signing/sign.server.ts).
- **A confirmation is one SQL statement** after the token read: the update only if still pending, unexpired and open;
  one count shard chosen with \`FOR UPDATE SKIP LOCKED\` from a random start, so concurrent confirmations do not wait
  on each other's shard; the confirmation email queued.
- **Prepared statements, pooled queries** (db/postgres-dialect.ts, which replaced kysely-postgres-js): queries were
  sent unprepared, so PostgreSQL parsed and planned each again, which was most of its CPU on the sign path; queries
  outside a transaction go to the pool, one at a time per connection (pipelined prepared queries could hang for good
  when the server ended their connection: docs/decisions/0006).
- **The hottest queries are written as SQL** rather than built with Kysely on each request (building them cost more
  CPU than sending them).
- **server/middleware/static-files.ts**: no disk lookup for app URLs (only paths with an extension can be public files); the abort signal
  fires only for a client gone before its answer (it fired after every answer, with an error object and listeners);
  the CSP nonce is made only for pages; bodies are copied without a Node stream wrapper.
- **app/entry.server.tsx**: the 5-second abort timer is cleared when a page is rendered (it kept every finished render
  in memory for 5 s).
- **Date and number formatting** keeps one Intl formatter per locale (building one per call was a fifth of a statement
  page's CPU).
- **The statement page's data, its count and its delivery record are kept one second per process**
  (app/statements/public-reads.server.ts); a confirmation or withdrawal in the process drops its statement at once,
  publishing, delivery and responses drop everything, other processes see changes within the second.
- **The statement page is rendered once a second per language for readers without a session** and shared between
  them as the same bytes, its inline scripts allowed by hash (server/middleware/shared-page.ts, docs/decisions/0007). The read table shows both: the page
  as readers get it, and the same page rendered for every view (a reader with a cookie), so the render's cost stays
  visible.
- **The statement page rendered per view** sends the reader's page of the statement (its words in the language shown
  only, made once per cached read), renders its panels as plain functions under one translator, and each message is
  cut into its pieces once (app/statements/public-page.server.ts, app/components/public-statement.tsx,
  app/i18n/format.ts); the server's own route match for a request's policy is kept per path in a bounded LRU
  (server/middleware/route-policy.ts; paths holding a token are never kept). \`BENCH_READ=rendered npx tsx bench/run.ts read\`
  measures that row beside /about alone.
- **The statement page's JavaScript** is measured as a reader's browser gets it: every script the page's own HTML
  loads (modulepreload and script tags), gzipped and summed, beside React + Remix alone (entry.client and what it
  imports). The pages' English messages ship with every page, the Spanish ones are a chunk loaded only for Spanish
  readers, the organizer's words only with the organizer's pages, and the emails' words never leave the server
  (app/i18n/core.ts; test/client-bundle.test.ts reads the build's metafile for zod and the server catalogs).

## What is left, and what it would take

What remains in the web process is the framework, which app code cannot change: Remix matches a URL by flattening and
ranking the whole route tree and compiling each route's pattern on every call, and it does so several times a request
(the server's match, the data router, and for pages React Router and the lazy route discovery manifest); every request
also builds Fetch API \`Request\`/\`Response\` objects and their abort signals; and a page is rendered by React on each
view. Rendered per view, the statement page's ratio is that of its markup to the minimal page's (sizes in the read
note): React's rendering grows with it, while the framework's share per request stays the same.
Beyond this:

- **More cores.** Web processes hold no state, so \`WEB_CONCURRENCY\` (and more machines behind a load balancer) scale
  the web side; PostgreSQL's share per signature (table above) is what one database core must carry.
- **A CDN for reads.** The count and the public JSON send \`Cache-Control: public, max-age, stale-while-revalidate\`.
  So does the statement page for readers without a session (above), with \`Vary: Cookie, Accept-Language\`: behind a
  CDN the origin renders it about once a second per language and edge.
- **Fewer route matches per page**: turning off Remix's \`v3_lazyRouteDiscovery\` (the client then loads the whole,
  small, route manifest) removes one or more full route matches from every page render.
`;
// Only a full run is the record; a partial or quick one is kept aside for a look.
const out = only.length === 0 && !quick && !process.env.BENCH_READ ? path.join(root, "docs", "benchmarks.md") : path.join(os.tmpdir(), "undersigned-benchmarks-partial.md");
await writeFile(out, doc);
console.log(`wrote ${path.relative(root, out).startsWith("..") ? out : path.relative(root, out)}`);
process.exit(0);
