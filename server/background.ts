import { createDb } from "../db/client";
import type { App } from "./build";
import type { Env } from "./boot";

export interface Background {
  stop(): Promise<void>;
}

/**
 * The outbox worker and scheduled jobs; in the web process by default. `env`
 * carries the URLs to use (provided ones included).
 */
export async function startBackground(app: App, env: Env & { DATABASE_URL: string; SMTP_URL: string }, { worker = env.OUTBOX_WORKER } = {}): Promise<Background> {
  // The official-delivery outbox hooks, the automatic-delivery job and the
  // data-retention job (RETENTION_MONTHS).
  app.registerDeliveryBackground();
  app.registerRetentionJob();
  const transport = app.createTransport(env.SMTP_URL);
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
  const outboxDb = worker ? createDb(env.DATABASE_URL, { max: 3, name: "undersigned-outbox" }) : undefined;
  const outbox = outboxDb ? app.startOutboxWorker({ transport, db: outboxDb }) : undefined;
  const jobs = app.startScheduledJobs();
  return {
    async stop() {
      await outbox?.stop();
      await outboxDb?.destroy();
      await jobs.stop();
      transport.close();
      await app.closeDbs();
    },
  };
}
