import path from "node:path";
import postgres from "postgres";
import { EnvError, parseEnv, redact, type Env } from "../app/env.server";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded-postgres";
import { startMailSink, type MailSink } from "./mail-sink";

/** Prints one line and exits: configuration problems are not stack traces. */
export function fail(message: string): never {
  console.error(`undersigned: ${message}`);
  process.exit(1);
}

export function loadEnvOrExit(): Env {
  try {
    return parseEnv();
  } catch (e) {
    if (e instanceof EnvError) fail(e.message);
    throw e;
  }
}

export async function checkDatabase(url: string, variable = "DATABASE_URL") {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    fail(`cannot reach the database in ${variable} (${redact(url)}): ${err.code ?? ""} ${err.message ?? ""}`.trim());
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

export interface Infrastructure {
  embedded?: EmbeddedDatabase;
  sink?: MailSink;
  /** True when this start created the embedded database (seed it). */
  freshDatabase: boolean;
  stop(): Promise<void>;
}

/**
 * Provides what the environment leaves out: an embedded Postgres when
 * DATABASE_URL is unset, and an SMTP sink feeding /dev/mailbox when SMTP_URL
 * is unset. Sets those variables for the rest of the process.
 */
export async function provideInfrastructure(env: Env): Promise<Infrastructure> {
  let embedded: EmbeddedDatabase | undefined;
  let sink: MailSink | undefined;
  let freshDatabase = false;

  if (!env.DATABASE_URL) {
    const dataDir = path.join(env.DATA_DIR, "postgres");
    try {
      embedded = await startEmbeddedPostgres({ dataDir });
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
    const admin = postgres(embedded.adminUrl, { max: 1, onnotice: () => {} });
    const exists = await admin`select 1 from pg_database where datname = 'undersigned'`;
    await admin.end();
    freshDatabase = exists.length === 0;
    process.env.DATABASE_URL = await embedded.createDatabase("undersigned");
    console.log(`undersigned: embedded Postgres on port ${embedded.port} (data in ${dataDir})`);
  } else {
    await checkDatabase(env.DATABASE_URL);
  }
  if (env.DATABASE_READ_URL) await checkDatabase(env.DATABASE_READ_URL, "DATABASE_READ_URL");

  if (!env.SMTP_URL) {
    const { default: postgresClient } = await import("postgres");
    const mailDb = postgresClient(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
    sink = await startMailSink({
      onMessage: async (mail) => {
        await mailDb`
          insert into dev_mail (envelope_from, envelope_to, subject, text_body, html_body, attachments)
          values (${mail.from}, ${mail.to.join(", ")}, ${mail.subject}, ${mail.text}, ${mail.html},
                  ${mailDb.json(mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.content.length })))})`;
      },
    });
    process.env.SMTP_URL = sink.url;
    const stopSink = sink.stop;
    sink.stop = async () => {
      await stopSink();
      await mailDb.end({ timeout: 1 });
    };
    console.log(`undersigned: mail goes to the in-process SMTP sink; read it at /dev/mailbox`);
  }

  return {
    embedded,
    sink,
    freshDatabase,
    async stop() {
      await sink?.stop().catch(() => {});
      await embedded?.stop().catch(() => {});
    },
  };
}

/**
 * postgres.js 3.4 can throw from a socket callback when the database goes
 * away mid-write (`Cannot read properties of null (reading 'write')` in its
 * connection.js). That connection is already dead and the pool replaces it
 * on the next query, so such an error is logged and the process carries on;
 * anything else is a real bug and ends the process.
 */
export function installCrashGuard() {
  const inPostgresClient = `${path.sep}node_modules${path.sep}postgres${path.sep}`;
  process.on("uncaughtException", (error) => {
    if (error?.stack?.includes(inPostgresClient)) {
      console.error(`undersigned: database connection lost (${error.message}); it will be replaced`);
      return;
    }
    console.error("undersigned: fatal error:", error);
    process.exit(1);
  });
}
