// `npm run bench`: every scenario with its baseline measured in the same run.
// Writes the table to docs/benchmarks.md.
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { formatTable, startBenchDatabase, type BenchRow } from "./lib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv.slice(2);
const wants = (name: string) => only.length === 0 || only.includes(name);

const started = Date.now();
const database = await startBenchDatabase();
process.env.DATABASE_URL = database.url;
process.env.NODE_ENV = "production";
process.env.SMTP_URL = "smtp://127.0.0.1:1?tls=off"; // replaced per scenario; production env needs one

const rows: BenchRow[] = [];
try {
  if (wants("mail")) {
    const { benchMail } = await import("./mail");
    rows.push(...(await benchMail()));
  }
} finally {
  const { closeDbs } = await import("../app/db.server");
  await closeDbs();
  await database.stop();
}

const table = formatTable(rows);
console.log(`\n${table}\n`);
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const doc = `# Benchmarks

Latest run of \`npm run bench\` (${new Date().toISOString().slice(0, 10)}), on ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB,
Node ${process.version}. Load generator, Node and PostgreSQL share the machine. Every baseline is measured in the same
run, so compare ratios rather than absolute figures across machines. Took ${Math.round((Date.now() - started) / 1000)} s.

${table}

${rows
  .filter((r) => r.note)
  .map((r) => `- **${r.scenario} / ${r.metric}**: ${r.note}`)
  .join("\n")}
`;
if (only.length === 0) {
  await writeFile(path.join(root, "docs", "benchmarks.md"), doc);
  console.log("wrote docs/benchmarks.md");
}
process.exit(0);
