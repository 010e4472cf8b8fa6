// Packet generation at scale: time and peak memory of one delivery (freeze,
// CSV, manifest, PDF, officials' emails) of N verified signatures.
//
//   tsx bench/packet.ts --signatures 100000 [--signatures 1000000]
//
// starts its own embedded Postgres; `benchPacket` runs against any database.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sql } from "kysely";
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { startEmbeddedPostgres } from "../server/embedded-postgres";
import { addVerifiedSignatures } from "../test/support/delivery-factories";
import { createJurisdiction, createStatement, createUser } from "../test/support/factories";

const self = fileURLToPath(import.meta.url);

export interface PacketBenchResult {
  /** Wall time of the delivery, in the child process. */
  seconds: number;
  /** The child process's peak resident memory. */
  peakRssMb: number;
  /** PDF plus CSV. */
  bytes: number;
  /** CPU time of the child (user + system): steadier than wall time on a shared machine. */
  cpuSeconds: number;
}

/**
 * Loads `signatures` verified signatures into `statementId` (a new open
 * statement with 7 wards and 10 officials when omitted) in the database at
 * the URL `db` (default DATABASE_URL), then delivers it in a fresh child
 * process and reports what that cost. The load is not timed.
 */
export async function benchPacket({
  db = process.env.DATABASE_URL!,
  statementId,
  signatures,
}: {
  db?: string;
  statementId?: number;
  signatures: number;
}): Promise<PacketBenchResult> {
  const kysely = createDb(db, { max: 2, name: "bench-packet" });
  try {
    let id = statementId;
    let wardIds: number[];
    if (id === undefined) {
      const owner = await createUser({}, kysely);
      const { jurisdiction, wards, officials } = await createJurisdiction({ wards: 7 }, kysely);
      const statement = await createStatement(
        { ownerId: owner.id, jurisdictionId: jurisdiction.id, officialIds: officials.map((o) => o.id) },
        kysely,
      );
      id = statement.id;
      wardIds = wards.map((w) => w.id);
    } else {
      const s = await kysely.selectFrom("statements").select("jurisdiction_id").where("id", "=", id).executeTakeFirstOrThrow();
      wardIds = (await kysely.selectFrom("wards").select("id").where("jurisdiction_id", "=", s.jurisdiction_id).execute()).map((w) => w.id);
    }
    await addVerifiedSignatures({ statementId: id, count: signatures, wardIds, noWardEvery: 50 }, kysely);
    await sql`analyze signatures`.execute(kysely);
    return await runChild(db, id);
  } finally {
    await kysely.destroy();
  }
}

function runChild(db: string, statementId: number): Promise<PacketBenchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", self, "--child", String(statementId)], {
      cwd: path.resolve(path.dirname(self), ".."),
      env: { ...process.env, DATABASE_URL: db, NODE_ENV: "production", SMTP_URL: "smtp://127.0.0.1:1?tls=off", APP_URL: process.env.APP_URL ?? "http://bench.invalid" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`packet bench child exited with ${code}: ${out}`));
      resolve(JSON.parse(line) as PacketBenchResult);
    });
  });
}

async function child(statementId: number) {
  const { deliverStatement } = await import("../app/delivery/deliver.server");
  const { closeDbs, getDb } = await import("../app/db.server");
  const started = performance.now();
  const cpu = process.cpuUsage();
  const delivered = await deliverStatement({ statementId, reason: "manual" });
  if (delivered.status !== "delivered") throw new Error(`delivery refused: ${delivered.status}`);
  const { deliveryId } = delivered;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const files = await getDb().selectFrom("packet_files").select("bytes").where("delivery_id", "=", deliveryId).execute();
  await closeDbs();
  const result: PacketBenchResult = {
    seconds: Math.round(seconds * 100) / 100,
    // maxRSS is in kilobytes.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    bytes: files.reduce((n, f) => n + Number(f.bytes), 0),
    cpuSeconds: Math.round((used.user + used.system) / 1e4) / 100,
  };
  console.log(JSON.stringify(result));
}

async function cli(counts: number[]) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "undersigned-bench-packet-"));
  // Production settings: durability on, as in bench/lib.ts.
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), flags: ["-c", "shared_buffers=512MB"] });
  try {
    const url = await pg.createDatabase("bench");
    const db = createDb(url, { max: 1 });
    await migrateToLatest(db);
    await db.destroy();
    console.log("| signatures | seconds | CPU seconds (Node) | peak RSS (MB) | PDF + CSV (MB) |\n|---:|---:|---:|---:|---:|");
    for (const n of counts) {
      const r = await benchPacket({ db: url, signatures: n });
      console.log(`| ${n.toLocaleString("en-US")} | ${r.seconds} | ${r.cpuSeconds} | ${r.peakRssMb} | ${(r.bytes / 1024 / 1024).toFixed(1)} |`);
    }
  } finally {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  if (args[0] === "--child") await child(Number(args[1]));
  else {
    const counts = args.flatMap((a, i) => (a === "--signatures" ? [Number(args[i + 1])] : []));
    await cli(counts.length ? counts : [100_000]);
  }
}

/**
 * The `npm run bench` scenario: packets of 100,000 and 1,000,000 signatures,
 * each against its targets (1M in under 60 s and 300 MB, time growing
 * linearly: 1M ≤ 12 × 100k).
 */
export async function benchPacketScenario({ databaseUrl }: { databaseUrl: string }) {
  const small = await benchPacket({ db: databaseUrl, signatures: 100_000 });
  const large = await benchPacket({ db: databaseUrl, signatures: 1_000_000 });
  const row = (n: string, r: PacketBenchResult) => ({ n, r });
  const rows = [row("100k", small), row("1M", large)];
  return rows.flatMap(({ n, r }) => [
    {
      scenario: "packet",
      metric: `${n} signatures: time`,
      value: r.seconds,
      unit: "s",
      target: n === "1M" ? "< 60 s, ≤ 12 × 100k" : undefined,
      met: n === "1M" ? r.seconds < 60 && r.seconds <= 12 * small.seconds : undefined,
      note: `${(r.bytes / 2 ** 20).toFixed(1)} MB of PDF + CSV, ${r.cpuSeconds.toFixed(1)} CPU s in the delivering process`,
    },
    {
      scenario: "packet",
      metric: `${n} signatures: peak RSS`,
      value: r.peakRssMb,
      unit: "MB",
      target: n === "1M" ? "< 300 MB" : undefined,
      met: n === "1M" ? r.peakRssMb < 300 : undefined,
    },
  ]);
}
