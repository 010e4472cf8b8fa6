import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { seedDemo } from "../server/seed";
import { freePort, startEmbeddedPostgres } from "../server/embedded-postgres";
import { startApp, type RunningApp } from "./support/app-server";
import { createOpenStatement } from "./support/factories";
import { recordFigures } from "./support/hostile";
import { startTestMailbox, type TestMailbox } from "./support/mail";
import { startSignLoad, until } from "./support/sign-load";

// The app's two dependencies fail under it, through the real server: the
// SMTP relay goes away while people sign, and Postgres restarts under sign
// load. Nothing acknowledged is lost, no email goes twice, and /healthz says
// what is happening.

const figures: Record<string, unknown> = {};
afterAll(() => recordFigures("dependencies", figures));

type Health = { status: string; database: string; outbox?: { pending: number; oldestPendingSeconds: number; failed: number } };
const health = async (app: RunningApp) => {
  const res = await fetch(`${app.url}/healthz`);
  return { status: res.status, body: (await res.json()) as Health };
};

/** How many times each address among `addresses` received mail. */
function copies(mailbox: TestMailbox, addresses: Iterable<string>) {
  const wanted = new Set(addresses);
  const n = new Map<string, number>();
  for (const m of mailbox.messages) for (const to of m.to) if (wanted.has(to)) n.set(to, (n.get(to) ?? 0) + 1);
  return { missing: [...wanted].filter((a) => !n.has(a)), duplicates: [...n.values()].reduce((s, c) => s + c - 1, 0) };
}

describe("the SMTP relay down while people sign", () => {
  let app: RunningApp;
  let mailbox: TestMailbox;
  afterAll(async () => {
    await app?.stop();
    await mailbox?.stop();
  });

  it("keeps the mail, says so on /healthz, and sends each message once when the relay is back", async () => {
    mailbox = await startTestMailbox();
    app = await startApp({ SMTP_URL: mailbox.sink.url });
    const { statement } = await createOpenStatement();
    await mailbox.stop();

    const signers = Array.from({ length: 20 }, (_, i) => `outage-${i}@example.org`);
    for (const email of signers) {
      const res = await fetch(`${app.url}/statements/${statement.slug}`, {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams({ name: "Outage Signer", email, ward: "outside", display: "full" }),
      });
      expect(res.status).toBe(303);
    }
    const rows = () => getDb().selectFrom("outbox").select(["state", "attempts", "last_error"]).where("to_address", "like", "outage-%").execute();
    await until(async () => (await rows()).every((r) => r.attempts >= 1 && r.last_error !== null), "failed attempts while the relay is down");
    expect((await rows()).every((r) => r.state === "pending")).toBe(true);

    const during = await health(app);
    expect(during.status).toBe(200);
    expect(during.body).toMatchObject({ status: "ok", database: "ok" });
    expect(during.body.outbox!.pending).toBeGreaterThanOrEqual(signers.length);
    expect(during.body.outbox!.oldestPendingSeconds).toBeGreaterThanOrEqual(0);

    await mailbox.restart();
    await until(async () => (await rows()).every((r) => r.state === "sent"), "the retries to go out once the relay is back", 60_000);
    const { missing, duplicates } = copies(mailbox, signers);
    expect(missing).toEqual([]);
    expect(duplicates).toBe(0);
    expect((await health(app)).body.outbox).toMatchObject({ pending: 0, failed: 0 });
    figures.smtpOutage = { signatures: signers.length, failedAttempts: signers.length, emailsMissing: missing.length, duplicatesSent: duplicates };
  });
});

describe("Postgres restarted under sign load", () => {
  let dir: string;
  let app: RunningApp | undefined;
  let mailbox: TestMailbox | undefined;
  let stopPg: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await app?.stop();
    await mailbox?.stop();
    await stopPg?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("answers 503 (never a 500) while it is gone, loses nothing acknowledged, and sends nothing twice", { timeout: 180_000 }, async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "undersigned-pg-restart-"));
    const port = await freePort();
    const dataDir = path.join(dir, "data");
    let pg = await startEmbeddedPostgres({ dataDir, port });
    stopPg = () => pg.stop();
    const url = await pg.createDatabase("app");
    const setupDb = createDb(url, { max: 1 });
    await migrateToLatest(setupDb);
    await seedDemo(setupDb);
    const { slug } = await setupDb.selectFrom("statements").select("slug").where("state", "=", "open").executeTakeFirstOrThrow();
    await setupDb.destroy();

    mailbox = await startTestMailbox();
    const running = await startApp({ DATABASE_URL: url, SMTP_URL: mailbox.sink.url, TRUST_PROXY: "1" });
    app = running;
    const load = startSignLoad({ url: () => running.url, slug, tag: "pgrestart", maxBroken: Infinity });
    await until(() => load.acknowledged.size >= 30, "sign load before the restart");
    await pg.stop();
    const seen = () => `answers so far: ${JSON.stringify(Object.fromEntries(load.refused))}, ${load.broken.size} broken, ${load.unanswered.size} unanswered`;
    // Usually within a second or two; on a busy machine postgres.js's reconnects (5 s connect timeout) can slow the
    // first answers. What matters here is what they are, and that every request gets one (checked below).
    await until(() => (load.refused.get(503) ?? 0) >= 10, () => `503 answers while Postgres is down (${seen()})`, 60_000);
    const down = await health(running);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ database: "unreachable" });
    const before = load.acknowledged.size;

    pg = await startEmbeddedPostgres({ dataDir, port });
    await until(() => load.acknowledged.size >= before + 30, "signing again once Postgres is back", 60_000);
    await load.stop();
    expect([...load.refused.keys()]).toEqual([503]);
    // Every request was answered: none left hanging on a connection that died with the database.
    expect(load.broken.size).toBe(0);
    expect(load.unanswered.size).toBe(0);

    const db = createDb(url, { max: 1 });
    try {
      const stored = new Set((await db.selectFrom("signatures").select("email").where("email", "like", "pgrestart-%").execute()).map((r) => r.email));
      const lost = [...load.acknowledged].filter((e) => !stored.has(e));
      expect(lost).toEqual([]);
      const pending = () => db.selectFrom("outbox").select(sql<number>`count(*)::int`.as("n")).where("state", "=", "pending").executeTakeFirstOrThrow();
      await until(async () => (await pending()).n === 0, "the outbox to drain after the restart", 60_000);
      const { missing, duplicates } = copies(mailbox, stored);
      expect(missing).toEqual([]);
      expect(duplicates).toBe(0);
      expect((await health(running)).status).toBe(200);
      figures.postgresRestart = {
        acknowledged: load.acknowledged.size,
        answered503: load.refused.get(503) ?? 0,
        answered500: load.refused.get(500) ?? 0,
        signaturesLost: lost.length,
        emailsMissing: missing.length,
        duplicatesSent: duplicates,
      };
    } finally {
      await db.destroy();
    }
  });
});
