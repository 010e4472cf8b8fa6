import type { Env } from "../app/env.server";
import { createDb } from "../db/client";
import { closeDbs } from "../app/db.server";
import { createTransport } from "../app/mail/transport.server";
import { startOutboxWorker } from "../app/mail/outbox.server";
import { startScheduledJobs } from "../app/jobs.server";
import { registerDeliveryBackground } from "../app/delivery/background.server";
import { registerRetentionJob } from "../app/signing/retention-background.server";

export interface Background {
  stop(): Promise<void>;
}

/** The outbox worker and scheduled jobs; in the web process by default. */
export async function startBackground(env: Env, { worker = env.OUTBOX_WORKER } = {}): Promise<Background> {
  // The official-delivery outbox hooks, the automatic-delivery job and the
  // data-retention job (RETENTION_MONTHS).
  registerDeliveryBackground();
  registerRetentionJob();
  const transport = createTransport(process.env.SMTP_URL!);
  const verified = await Promise.race([
    transport.verify().then(
      () => null,
      (e: Error) => e.message,
    ),
    new Promise<string>((resolve) => setTimeout(() => resolve("no answer within 5 s"), 5_000).unref()),
  ]);
  if (verified) console.warn(`undersigned: SMTP_URL does not answer yet (${verified}); mail waits in the outbox`);

  // Its own connections: recording a send must never queue behind the web
  // requests' transactions, since until it is recorded a crash sends it again.
  const outboxDb = worker ? createDb(process.env.DATABASE_URL!, { max: 3, name: "undersigned-outbox" }) : undefined;
  const outbox = outboxDb ? startOutboxWorker({ transport, db: outboxDb }) : undefined;
  const jobs = startScheduledJobs();
  return {
    async stop() {
      await outbox?.stop();
      await outboxDb?.destroy();
      await jobs.stop();
      transport.close();
      await closeDbs();
    },
  };
}
