import { spawn } from "node:child_process";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { enqueueEmails } from "../app/mail/outbox.server";
import { freePort } from "../server/embedded-postgres";
import { startTestMailbox, type TestMailbox } from "./support/mail";

const root = path.resolve(import.meta.dirname, "..");

function run(script: string, args: string[], env: Record<string, string>, { untilOutput }: { untilOutput?: string } = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const ready = untilOutput
    ? new Promise<void>((resolve, reject) => {
        const check = () => out.includes(untilOutput) && resolve();
        child.stdout.on("data", check);
        child.once("exit", () => reject(new Error(out)));
      })
    : Promise.resolve();
  return { child, exit, ready, output: () => out };
}

describe("npm run db:migrate and npm run seed", () => {
  const name = `cmd_${process.pid}`;
  let admin: postgres.Sql;
  let url: string;
  beforeAll(async () => {
    admin = postgres(inject("pgAdminUrl"), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const u = new URL(inject("pgAdminUrl"));
    u.pathname = `/${name}`;
    url = u.toString();
  });
  afterAll(async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  it("migrates an empty database, then reports it up to date", async () => {
    const first = run("scripts/db.ts", ["migrate"], { DATABASE_URL: url });
    expect(await first.exit).toBe(0);
    expect(first.output()).toContain("applied: 2026-11-26T1000_initial");
    const second = run("scripts/db.ts", ["migrate"], { DATABASE_URL: url });
    expect(await second.exit).toBe(0);
    expect(second.output()).toContain("database is up to date");
  });

  it("seeds the demo once", async () => {
    const first = run("scripts/db.ts", ["seed"], { DATABASE_URL: url });
    expect(await first.exit).toBe(0);
    expect(first.output()).toContain("demo data seeded");
    const again = run("scripts/db.ts", ["seed"], { DATABASE_URL: url });
    expect(await again.exit).toBe(0);
    expect(again.output()).toContain("demo data already present");
    const db = postgres(url, { max: 1 });
    const [{ n }] = await db`select count(*)::int as n from statements where state = 'open'`;
    await db.end();
    expect(n).toBe(1);
  });
});

describe("npm run worker", () => {
  let mailbox: TestMailbox;
  beforeAll(async () => {
    mailbox = await startTestMailbox();
  });
  afterAll(async () => {
    await mailbox.stop();
  });

  it("delivers the outbox on its own and stops on SIGTERM", async () => {
    await enqueueEmails(Array.from({ length: 5 }, (_, i) => ({ kind: "test", to: `w${i}@example.org`, subject: `worker ${i}`, text: "hi" })));
    const worker = run("server/worker.ts", [], { DATABASE_URL: process.env.DATABASE_URL!, SMTP_URL: mailbox.sink.url }, { untilOutput: "outbox worker running" });
    await worker.ready;
    const got = await mailbox.waitForCount(5, (m) => m.subject.startsWith("worker "));
    expect(new Set(got.map((m) => m.subject)).size).toBe(5);
    worker.child.kill("SIGTERM");
    expect(await worker.exit).toBe(0);
  });

  it("refuses to start without SMTP_URL, in one line", async () => {
    const worker = run("server/worker.ts", [], { DATABASE_URL: process.env.DATABASE_URL!, SMTP_URL: "" });
    expect(await worker.exit).toBe(1);
    expect(worker.output().trim()).toBe("undersigned: SMTP_URL is required for `npm run worker`");
  });
});

describe("the server in production", () => {
  it("refuses to start without APP_URL, in one line naming it", async () => {
    // Its emailed links would otherwise point at http://localhost:3000.
    const server = run("server/index.ts", [], { NODE_ENV: "production", DATABASE_URL: process.env.DATABASE_URL!, SMTP_URL: "smtp://127.0.0.1:1", APP_URL: "", PORT: String(await freePort()) });
    expect(await server.exit).toBe(1);
    const lines = server.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^undersigned: Invalid environment variable APP_URL: is required when NODE_ENV=production/);
  });
});
