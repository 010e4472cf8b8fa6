import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../server/embedded-postgres";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface Served {
  url: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Node flags for every child, e.g. BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" while profiling. */
const extraFlags = () => (process.env.BENCH_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean);

async function serve(script: string, env: Record<string, string>, ready: string, nodeFlags: string[] = []): Promise<Served> {
  const port = await freePort();
  let out = "";
  const child = spawn(process.execPath, [...extraFlags(), ...nodeFlags, "--import", "tsx", path.join(root, script)], {
    cwd: root,
    env: { ...process.env, PORT: String(port), APP_URL: `http://localhost:${port}`, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited (${child.exitCode}) before it was ready:\n${out}`);
    try {
      const res = await fetch(`${url}${ready}`, { headers: { connection: "close" } });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${script} did not answer within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // With several web processes, the first answer only proves one is up.
  await new Promise((r) => setTimeout(r, 500));
  return {
    url,
    process: child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

export interface AppOptions {
  databaseUrl: string;
  smtpUrl: string;
  webConcurrency: number;
  /** Run the outbox worker in the server too (the single-process default), or leave mail to a separate worker. */
  outboxWorker: boolean;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
}

/**
 * The real server entry on the production build, as `npm run serve` runs it.
 * TRUST_PROXY=1 so that each load request's X-Forwarded-For is its client
 * address (one load generator stands for many signers).
 */
export function startApp({ databaseUrl, smtpUrl, webConcurrency, outboxWorker, nodeFlags }: AppOptions) {
  return serve(
    "server/index.ts",
    {
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtpUrl,
      TRUST_PROXY: "1",
      WEB_CONCURRENCY: String(webConcurrency),
      OUTBOX_WORKER: outboxWorker ? "1" : "0",
    },
    "/healthz",
    nodeFlags,
  );
}

/** The bare node:http + postgres.js baseline (bench/bare-server.ts). */
export function startBare({ databaseUrl, processes }: { databaseUrl: string; processes: number }) {
  return serve("bench/bare-server.ts", { DATABASE_URL: databaseUrl, BARE_PROCESSES: String(processes) }, "/ready");
}
