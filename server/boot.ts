import path from "node:path";
import postgres from "postgres";
import { loadApp, type App } from "./build";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded-postgres";
import { startMailSink, type MailSink } from "./mail-sink";
import type { ServerBuild } from "@remix-run/node";

export type Env = ReturnType<App["parseEnv"]>;

/** Prints one line and exits: configuration problems are not stack traces. */
export function fail(message: string): never {
  console.error(`undersigned: ${message}`);
  process.exit(1);
}

/** The app, through its build, or one line saying to build it. */
export async function loadAppOrExit(): Promise<{ build: ServerBuild; app: App }> {
  try {
    return await loadApp();
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
}

export function loadEnvOrExit(app: App): Env {
  try {
    return app.parseEnv();
  } catch (e) {
    if (e instanceof app.EnvError) fail(e.message);
    throw e;
  }
}

export async function checkDatabase(app: App, url: string, variable = "DATABASE_URL") {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    fail(`cannot reach the database in ${variable} (${app.redact(url)}): ${err.code ?? ""} ${err.message ?? ""}`.trim());
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

export interface Infrastructure {
  /** DATABASE_URL, or the embedded database's. */
  databaseUrl: string;
  /** SMTP_URL, or the in-process sink's. */
  smtpUrl: string;
  embedded?: EmbeddedDatabase;
  sink?: MailSink;
  /** True when this start created the embedded database (seed it). */
  freshDatabase: boolean;
  stop(): Promise<void>;
}

/**
 * Provides what the environment leaves out: an embedded Postgres when
 * DATABASE_URL is unset, and an SMTP sink feeding /dev/mailbox when SMTP_URL
 * is unset. Returns the URLs to use; the environment is left as it was read.
 */
export async function provideInfrastructure(env: Env, app: App): Promise<Infrastructure> {
  let embedded: EmbeddedDatabase | undefined;
  let sink: MailSink | undefined;
  let freshDatabase = false;
  let databaseUrl = env.DATABASE_URL;

  if (!databaseUrl) {
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
    databaseUrl = await embedded.createDatabase("undersigned");
    console.log(`undersigned: embedded Postgres on port ${embedded.port} (data in ${embedded.dataDir ?? dataDir})`);
  } else {
    await checkDatabase(app, databaseUrl);
  }
  if (env.DATABASE_READ_URL) await checkDatabase(app, env.DATABASE_READ_URL, "DATABASE_READ_URL");

  let smtpUrl = env.SMTP_URL;
  if (!smtpUrl) {
    const mailDb = postgres(databaseUrl, { max: 2, onnotice: () => {} });
    sink = await startMailSink({
      onMessage: async (mail) => {
        await mailDb`
          insert into dev_mail (envelope_from, envelope_to, subject, text_body, html_body, attachments)
          values (${mail.from}, ${mail.to.join(", ")}, ${mail.subject}, ${mail.text}, ${mail.html},
                  ${mailDb.json(mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.content.length })))})`;
      },
    });
    smtpUrl = sink.url;
    const stopSink = sink.stop;
    sink.stop = async () => {
      await stopSink();
      await mailDb.end({ timeout: 1 });
    };
    console.log(`undersigned: mail goes to the in-process SMTP sink; read it at /dev/mailbox`);
  }

  return {
    databaseUrl,
    smtpUrl,
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
