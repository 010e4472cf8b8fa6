import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createTransport } from "~/mail/transport.server";
import { OUTBOX_MAX_ATTEMPTS } from "../app/mail/outbox";
import { claimDueEmails, enqueueEmail, enqueueEmails, sendOne, startOutboxWorker } from "../app/mail/outbox.server";
import { useMailbox } from "./support/mail";

const mailbox = useMailbox();

const email = (n: number, tag: string) => ({
  kind: "test",
  to: `person${n}@example.org`,
  subject: `${tag} message ${n}`,
  text: `Hello ${n}`,
});

describe("outbox", () => {
  it("writes nothing when the surrounding transaction rolls back", async () => {
    const db = getDb();
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueEmail(email(1, "rollback"), trx);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const rows = await db.selectFrom("outbox").select("id").where("subject", "like", "rollback%").execute();
    expect(rows).toHaveLength(0);
  });

  it("refuses header injection in the recipient and subject", async () => {
    await expect(enqueueEmail({ ...email(1, "x"), to: "a@b.c\r\nBcc: x@y.z" })).rejects.toThrow();
    await expect(enqueueEmail({ ...email(1, "x"), subject: "hi\r\nBcc: x@y.z" })).rejects.toThrow();
  });

  it("keeps mail while SMTP is down and delivers each message exactly once when it is back", async () => {
    const transport = createTransport(mailbox.sink.url);
    await mailbox.stop();
    await enqueueEmails(Array.from({ length: 20 }, (_, i) => email(i, "outage")));
    // Tries while the sink is down: every attempt fails and is scheduled again.
    const claimed = await claimDueEmails({ limit: 100 });
    const outcomes = await Promise.all(claimed.map((row) => sendOne(row, transport)));
    expect(outcomes.every((o) => o === "retry")).toBe(true);
    const waiting = await getDb().selectFrom("outbox").select(["state", "last_error"]).where("subject", "like", "outage%").execute();
    expect(waiting.every((r) => r.state === "pending" && r.last_error)).toBe(true);

    await mailbox.restart();
    // Make the retries due now rather than after the backoff.
    await getDb().updateTable("outbox").set({ next_attempt_at: new Date() }).where("subject", "like", "outage%").execute();
    const worker = startOutboxWorker({ transport, idleMs: 50 });
    const got = await mailbox.waitForCount(20, (m) => m.subject.startsWith("outage"));
    await worker.drained();
    await worker.stop();
    transport.close();
    const subjects = got.map((m) => m.subject);
    expect(new Set(subjects).size).toBe(20);
    expect(mailbox.messages.filter((m) => m.subject.startsWith("outage"))).toHaveLength(20);
    const rows = await getDb().selectFrom("outbox").select("state").where("subject", "like", "outage%").execute();
    expect(rows.every((r) => r.state === "sent")).toBe(true);
  });

  it("lets two workers share one outbox without sending anything twice", async () => {
    await enqueueEmails(Array.from({ length: 300 }, (_, i) => email(i, "shared")));
    const a = createTransport(mailbox.sink.url);
    const b = createTransport(mailbox.sink.url);
    const w1 = startOutboxWorker({ transport: a, batchSize: 10, idleMs: 20 });
    const w2 = startOutboxWorker({ transport: b, batchSize: 10, idleMs: 20 });
    await mailbox.waitForCount(300, (m) => m.subject.startsWith("shared"));
    await Promise.all([w1.drained(), w2.drained()]);
    await Promise.all([w1.stop(), w2.stop()]);
    a.close();
    b.close();
    const received = mailbox.messages.filter((m) => m.subject.startsWith("shared")).map((m) => m.subject);
    expect(received).toHaveLength(300);
    expect(new Set(received).size).toBe(300);
  });

  it("gives up after the set number of tries and records why", async () => {
    const dead = createTransport("smtp://127.0.0.1:1?tls=off");
    const [id] = await enqueueEmails([email(1, "doomed")]);
    for (let i = 0; i < OUTBOX_MAX_ATTEMPTS; i++) {
      await getDb().updateTable("outbox").set({ next_attempt_at: new Date(), locked_until: null }).where("id", "=", id).execute();
      const rows = (await claimDueEmails({ limit: 500 })).filter((r) => r.id === id);
      expect(rows).toHaveLength(1);
      await sendOne(rows[0], dead);
    }
    dead.close();
    const row = await getDb().selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.state).toBe("failed");
    expect(row.attempts).toBe(OUTBOX_MAX_ATTEMPTS);
    expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
  });
});
