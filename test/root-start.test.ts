import { execFileSync, spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../server/embedded-postgres";
import { ROOT_HOME } from "../server/postgres-as-root";

// A newcomer's first `npm install && npm start`, in a home folder nobody else
// may enter (mode 700), as whoever runs the tests: root in CI, where Postgres
// must run as the `postgres` user, who cannot reach into that folder.

const repo = path.resolve(import.meta.dirname, "..");
const isRoot = process.getuid?.() === 0;
let home: string | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  if (home) await rm(home, { recursive: true, force: true });
  // Data kept for that clone outside it (as root); the copied programs stay, shared by every start.
  if (dataDir?.startsWith(`${ROOT_HOME}/`)) await rm(path.dirname(dataDir), { recursive: true, force: true });
});

describe(`npm start in a fresh clone in a mode-700 folder (${isRoot ? "as root" : "as a user"})`, () => {
  it("installs, starts on embedded Postgres and serves /", { timeout: 900_000 }, async () => {
    home = await mkdtemp(path.join(os.tmpdir(), "undersigned-home-"));
    await chmod(home, 0o700);
    const clone = path.join(home, "undersigned");
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
    execFileSync("git", ["clone", "--quiet", "--no-checkout", repo, clone]);
    execFileSync("git", ["checkout", "--quiet", "--detach", head], { cwd: clone });
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: clone, stdio: "ignore", timeout: 600_000 });

    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
    // As a newcomer has it: no database, no mail relay, no test settings.
    for (const name of ["DATABASE_URL", "DATABASE_READ_URL", "SMTP_URL", "APP_URL", "DATA_DIR", "NODE_ENV", "VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID"]) delete env[name];
    // Its own process group, so SIGINT reaches npm and everything under it, as Ctrl-C does.
    const child = spawn("npm", ["start"], { cwd: clone, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const groupAlive = () => {
      try {
        process.kill(-child.pid!, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      let status = 0;
      const deadline = Date.now() + 240_000;
      while (status !== 200) {
        if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${out}`);
        if (Date.now() > deadline) throw new Error(`no answer on / within 4 minutes:\n${out}`);
        status = await fetch(`http://localhost:${port}/`).then(
          (res) => res.arrayBuffer().then(() => res.status),
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 500));
      }
      expect(status).toBe(200);
      expect(out).not.toContain("EACCES");
      dataDir = /\(data in ([^)]+)\)/.exec(out)?.[1];
      expect(dataDir).toBeTruthy();
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, "SIGINT");
    }
    // npm itself ends by the signal; the server shuts down in order, and nothing of it (Postgres included) stays behind.
    await exited;
    for (let i = 0; i < 200 && groupAlive(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(groupAlive()).toBe(false);
    expect(out).toContain("undersigned: SIGINT, shutting down");
    expect(out).not.toContain("fatal error");
  });
});
