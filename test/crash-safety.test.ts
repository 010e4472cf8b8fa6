import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { startApp, type RunningApp } from "./support/app-server";
import { createOpenStatement } from "./support/factories";
import { recordFigures } from "./support/hostile";
import { brokenInvariants } from "./support/invariants";
import { useMailbox } from "./support/mail";
import { startSignLoad, until } from "./support/sign-load";
import { startWorkerProcess } from "./support/worker-process";

// Processes are killed with SIGKILL in the middle of sign load and restarted
// on the same database and SMTP server. Nothing acknowledged may be lost and
// every verification email must arrive. A message the SMTP server accepted
// just before its sender died, and that was not yet recorded as sent, is
// sent again (decision 0001): the tests measure how often that happens and
// check that it happens for nothing else.

/** Acknowledged signatures a round, at least, before the kill. */
const PER_ROUND = 100;

const mailbox = useMailbox();
const figures: Record<string, unknown> = {};

afterAll(async () => {
  await recordFigures("crash-safety", figures);
});

const db = () => getDb();
const pendingMail = async () =>
  (await db().selectFrom("outbox").select(sql<number>`count(*)::int`.as("n")).where("state", "=", "pending").executeTakeFirstOrThrow()).n;
const received = (tag: string) => mailbox.messages.filter((m) => m.to.some((to) => to.startsWith(`${tag}`)));

/** Runs sign load on `slug` until `PER_ROUND` are acknowledged and mail is in flight, then calls `kill`. */
async function loadThenKill({ url, slug, tag, kill }: { url: () => string; slug: string; tag: string; kill: () => Promise<void> }) {
  const load = startSignLoad({ url, slug, tag });
  await until(
    async () => load.acknowledged.size >= PER_ROUND && received(`${tag}-`).length > 0 && (await pendingMail()) > 0,
    `${tag}: load with mail in flight`,
  );
  await kill();
  await load.stop();
  expect(load.refused.size, `${tag}: answers other than 303`).toBe(0);
  return load;
}

/**
 * After a process that ran the outbox worker died: the rows it had claimed
 * (the only ones that may have reached SMTP unrecorded). Their lease would
 * hand them to another worker after a minute; the test moves the clock.
 */
async function reclaimLeases(claimedByDead: Set<string>) {
  const leased = await db().selectFrom("outbox").select("id").where("state", "=", "pending").where("locked_until", "is not", null).execute();
  leased.forEach((r) => claimedByDead.add(r.id));
  await db().updateTable("outbox").set({ locked_until: null }).where("state", "=", "pending").execute();
}

/** Checks the statement's signatures and their mail once the outbox has drained, and returns the figures. */
async function settle({ statementId, tag, acknowledged, claimedByDead }: { statementId: number; tag: string; acknowledged: Set<string>; claimedByDead: Set<string> }) {
  await until(async () => (await pendingMail()) === 0, "the outbox to drain", 60_000);
  const signatures = await db().selectFrom("signatures").select(["email", "state"]).where("statement_id", "=", statementId).execute();
  const stored = new Set(signatures.map((s) => s.email));
  const lost = [...acknowledged].filter((e) => !stored.has(e));
  expect(lost, "acknowledged signatures missing").toEqual([]);
  expect(signatures.every((s) => s.state === "pending")).toBe(true);

  // Every stored signature, acknowledged or cut off mid-answer, had its email queued with it.
  const queued = await db()
    .selectFrom("outbox")
    .select(["id", "to_address", "state"])
    .where("kind", "=", "signature_verification")
    .where("to_address", "like", `${tag}%`)
    .execute();
  expect(new Set(queued.map((q) => q.to_address))).toEqual(stored);
  expect(queued.every((q) => q.state === "sent")).toBe(true);

  const copies = new Map<string, { count: number; messageIds: Set<string | null> }>();
  for (const m of received(tag)) {
    const c = copies.get(m.to[0]) ?? { count: 0, messageIds: new Set() };
    c.count++;
    c.messageIds.add(m.messageId);
    copies.set(m.to[0], c);
  }
  const missing = [...stored].filter((e) => !copies.has(e));
  expect(missing, "verification emails never delivered").toEqual([]);
  const repeated = [...copies.entries()].filter(([, c]) => c.count > 1);
  const byAddress = new Map(queued.map((q) => [q.to_address, q.id]));
  for (const [address, c] of repeated) {
    // A repeat is recognisable (the same Message-ID) and only ever of a row a dead worker had claimed.
    expect(c.messageIds.size, address).toBe(1);
    expect(claimedByDead.has(byAddress.get(address)!), `${address} was sent twice without a crash to explain it`).toBe(true);
  }
  return {
    acknowledged: acknowledged.size,
    storedButNotAcknowledged: [...stored].filter((e) => !acknowledged.has(e)).length,
    signaturesLost: lost.length,
    verificationEmails: queued.length,
    emailsMissing: missing.length,
    duplicatesSent: repeated.reduce((sum, [, c]) => sum + c.count - 1, 0),
    rowsClaimedByKilledWorkers: claimedByDead.size,
  };
}

describe("SIGKILL under sign load", () => {
  it("the web process running its own outbox worker (the default): nothing lost, repeats only of what it had claimed", async () => {
    const kills = 3;
    const { statement } = await createOpenStatement();
    const env = { SMTP_URL: mailbox.sink.url, TRUST_PROXY: "1" };
    let app: RunningApp = await startApp(env);
    const acknowledged = new Set<string>();
    const claimedByDead = new Set<string>();
    try {
      for (let round = 1; round <= kills; round++) {
        const load = await loadThenKill({ url: () => app.url, slug: statement.slug, tag: `inproc-r${round}`, kill: () => app.kill() });
        load.acknowledged.forEach((e) => acknowledged.add(e));
        await reclaimLeases(claimedByDead);
        app = await startApp(env);
      }
      figures.webProcessWithWorker = { kills, ...(await settle({ statementId: statement.id, tag: "inproc", acknowledged, claimedByDead })) };
    } finally {
      await app.stop();
    }
    expect(await brokenInvariants()).toEqual({});
  });

  it("the web process apart from the worker (OUTBOX_WORKER=0 and `npm run worker`): killing the web process repeats nothing", async () => {
    const { statement } = await createOpenStatement();
    const env = { SMTP_URL: mailbox.sink.url, TRUST_PROXY: "1", OUTBOX_WORKER: "0" };
    let app: RunningApp = await startApp(env);
    let worker = await startWorkerProcess({ DATABASE_URL: process.env.DATABASE_URL!, SMTP_URL: mailbox.sink.url });
    const acknowledged = new Set<string>();
    const claimedByDead = new Set<string>();
    try {
      for (let round = 1; round <= 2; round++) {
        const load = await loadThenKill({ url: () => app.url, slug: statement.slug, tag: `apart-web-r${round}`, kill: () => app.kill() });
        load.acknowledged.forEach((e) => acknowledged.add(e));
        app = await startApp(env);
      }
      const webKills = await settle({ statementId: statement.id, tag: "apart-web", acknowledged, claimedByDead });
      expect(webKills.duplicatesSent).toBe(0);

      // The worker's own death, under the same load: the web process never notices.
      const other = (await createOpenStatement()).statement;
      const load = await loadThenKill({ url: () => app.url, slug: other.slug, tag: "apart-worker", kill: () => worker.kill() });
      await reclaimLeases(claimedByDead);
      worker = await startWorkerProcess({ DATABASE_URL: process.env.DATABASE_URL!, SMTP_URL: mailbox.sink.url });
      const workerKill = await settle({ statementId: other.id, tag: "apart-worker", acknowledged: load.acknowledged, claimedByDead });
      figures.webProcessApart = { kills: 2, ...webKills };
      figures.workerProcess = { kills: 1, ...workerKill };
    } finally {
      await app.stop();
      await worker.stop();
    }
    expect(await brokenInvariants()).toEqual({});
  });
});
