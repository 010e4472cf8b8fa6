import cluster from "node:cluster";
import path from "node:path";
import { sql } from "kysely";
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { fail, installCrashGuard, loadAppOrExit, loadEnvOrExit, provideInfrastructure, type Env, type Infrastructure } from "./boot";
import { root, type App } from "./build";
import type { ServerBuild } from "@remix-run/node";
import { createHttpServer } from "./http";
import { createLogger } from "./logger";
import { startBackground, type Background } from "./background";
import { seedDemo } from "./seed";

type Provided = Env & { DATABASE_URL: string; SMTP_URL: string };

async function serveHttp(build: ServerBuild, app: App, env: Env) {
  const server = createHttpServer({
    build,
    app,
    logger: createLogger(env),
    databaseAnswers: () =>
      Promise.race([
        sql`select 1`.execute(app.getDb()).then(
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
  // The app, once per process, through the build.
  const { build, app } = await loadAppOrExit();
  if (cluster.isWorker) {
    // A web process of several (WEB_CONCURRENCY): the primary provided the
    // database and mail, and forked us with their URLs in our environment.
    const server = await serveHttp(build, app, loadEnvOrExit(app));
    const stop = () => server.close(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.on("SIGINT", () => {});
    return;
  }

  const read = loadEnvOrExit(app);
  const infra: Infrastructure = await provideInfrastructure(read, app);
  // What the app runs with: the environment as validated, with the URLs provided for what it left out.
  const env: Provided = { ...read, DATABASE_URL: infra.databaseUrl, SMTP_URL: infra.smtpUrl };
  app.useEnv(env);
  const db = createDb(env.DATABASE_URL, { max: 5, name: "undersigned-boot" });
  try {
    await migrateToLatest(db);
    if (infra.freshDatabase) {
      await seedDemo(db, app);
      console.log("undersigned: demo data seeded (first start)");
    }
  } catch (e) {
    await db.destroy();
    await infra.stop();
    fail(e instanceof Error ? e.message : String(e));
  }
  await db.destroy();

  const background: Background = await startBackground(app, env);
  const workers = env.WEB_CONCURRENCY;
  let server: import("node:http").Server | undefined;
  if (workers > 1) {
    // Each web process validates its own environment, given the provided URLs when it is forked.
    const fork = () => cluster.fork({ DATABASE_URL: env.DATABASE_URL, SMTP_URL: env.SMTP_URL });
    for (let i = 0; i < workers; i++) fork();
    cluster.on("exit", (worker, code, signal) => {
      if (!shuttingDown) {
        console.error(`undersigned: web process ${worker.process.pid} exited (${signal ?? code}); starting another`);
        fork();
      }
    });
  } else {
    server = await serveHttp(build, app, env);
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
