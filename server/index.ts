import cluster from "node:cluster";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { fail, installCrashGuard, loadEnvOrExit, provideInfrastructure, type Infrastructure } from "./boot";
import { createHttpServer } from "./http";
import { startBackground, type Background } from "./background";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function loadBuild(): Promise<ServerBuild> {
  const file = path.join(root, "build", "index.js");
  try {
    return (await import(pathToFileURL(file).href)) as ServerBuild;
  } catch (e) {
    fail(`no app build at ${file}: run \`npm run build\` first (${e instanceof Error ? e.message : e})`);
  }
}

async function serveHttp() {
  const env = loadEnvOrExit();
  const build = await loadBuild();
  const { getDb } = await import("../app/db.server");
  const { sql } = await import("kysely");
  const server = createHttpServer({
    build,
    databaseAnswers: () =>
      Promise.race([
        sql`select 1`.execute(getDb()).then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000).unref()),
      ]),
    publicDir: path.join(root, "public"),
    trustProxy: env.TRUST_PROXY,
    production: env.NODE_ENV === "production",
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      e.code === "EADDRINUSE" ? fail(`port ${env.PORT} is in use: set PORT to a free port`) : reject(e),
    );
    server.listen(env.PORT, resolve);
  });
  return server;
}

async function main() {
  installCrashGuard();
  if (cluster.isWorker) {
    // A web process of several (WEB_CONCURRENCY): the primary has already
    // provided the database and mail and set their URLs in our environment.
    const server = await serveHttp();
    const stop = () => server.close(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.on("SIGINT", () => {});
    return;
  }

  const env = loadEnvOrExit();
  const infra: Infrastructure = await provideInfrastructure(env);
  const db = createDb(process.env.DATABASE_URL!, { max: 5, name: "undersigned-boot" });
  try {
    await migrateToLatest(db);
    if (infra.freshDatabase) {
      const { seedDemo } = await import("../db/seed");
      await seedDemo(db);
      console.log("undersigned: demo data seeded (first start)");
    }
  } catch (e) {
    await db.destroy();
    await infra.stop();
    fail(e instanceof Error ? e.message : String(e));
  }
  await db.destroy();

  const background: Background = await startBackground(loadEnvOrExit());
  const workers = env.WEB_CONCURRENCY;
  let server: import("node:http").Server | undefined;
  if (workers > 1) {
    for (let i = 0; i < workers; i++) cluster.fork();
    cluster.on("exit", (worker, code, signal) => {
      if (!shuttingDown) {
        console.error(`undersigned: web process ${worker.process.pid} exited (${signal ?? code}); starting another`);
        cluster.fork();
      }
    });
  } else {
    server = await serveHttp();
  }
  console.log(`undersigned: listening on http://localhost:${env.PORT} (${workers} web process${workers > 1 ? "es" : ""})`);

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`undersigned: ${signal}, shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    server?.closeAllConnections?.();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await background.stop();
    await infra.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((e) => fail(e instanceof Error ? e.message : String(e)));
