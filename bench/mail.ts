import type { BenchRow } from "./lib";
import { startCountingSink } from "./lib";

const message = (i: number) => ({
  kind: "bench",
  to: `signer${i}@example.org`,
  subject: `Please confirm your signature ${i}`,
  text: `Thanks for signing. Confirm here: http://localhost:3000/signatures/verify?token=${"x".repeat(43)}\n`,
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Outbox drain (claim, send, mark sent) against nodemailer sending the same
 * messages straight to the same sink with the same pooled transport.
 * Needs DATABASE_URL set to a migrated database.
 */
export async function benchMail({ messages = 10_000, rounds = 5 } = {}): Promise<BenchRow[]> {
  const { getDb } = await import("../app/db.server");
  const { createTransport } = await import("../app/mail/transport.server");
  const { enqueueEmails, startOutboxWorker } = await import("../app/mail/outbox.server");
  const { sink, count, reset } = await startCountingSink();
  const db = getDb();
  const best = { direct: 0, outbox: 0 };

  for (let round = 0; round < rounds; round++) {
    // Baseline: the same pooled transport, every message handed to nodemailer at once (its pool queues them).
    reset();
    const direct = createTransport(sink.url);
    const { env } = await import("../app/env.server");
    let t0 = performance.now();
    await Promise.all(
      Array.from({ length: messages }, (_, i) => {
        const m = message(i);
        return direct.sendMail({ from: env().MAIL_FROM, to: m.to, subject: m.subject, text: m.text });
      }),
    );
    await until(() => count() >= messages, 60_000);
    best.direct = Math.max(best.direct, messages / ((performance.now() - t0) / 1000));
    direct.close();

    reset();
    await db.deleteFrom("outbox").execute();
    for (let i = 0; i < messages; i += 1000)
      await enqueueEmails(Array.from({ length: Math.min(1000, messages - i) }, (_, j) => message(i + j)));
    const transport = createTransport(sink.url);
    t0 = performance.now();
    const worker = startOutboxWorker({ transport, idleMs: 20 });
    await until(async () => {
      if (count() < messages) return false;
      const pending = await db.selectFrom("outbox").select("id").where("state", "<>", "sent").limit(1).execute();
      return pending.length === 0;
    }, 120_000);
    best.outbox = Math.max(best.outbox, messages / ((performance.now() - t0) / 1000));
    await worker.stop();
    transport.close();
    if (count() !== messages) throw new Error(`mail: ${count()} delivered for ${messages} queued`);
  }
  await sink.stop();
  return [
    {
      scenario: "mail",
      metric: "outbox drain",
      value: best.outbox,
      unit: "emails/s",
      baseline: { name: "nodemailer direct (pooled)", value: best.direct },
      target: "≥ 80% of baseline",
      met: best.outbox >= 0.8 * best.direct,
      note: `${messages} messages, best of ${rounds} rounds`,
    },
  ];
}
