import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { seedDemo } from "../server/seed";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "../server/embedded-postgres";
import { startApp, type RunningApp } from "./support/app-server";
import { startTestMailbox, type TestMailbox } from "./support/mail";

// Postgres goes away under the running app and comes back: clear 503s while
// it is gone, and recovery without restarting the app.
describe("Postgres restarted under the running app", () => {
  let dir: string;
  let port: number;
  let pg: EmbeddedDatabase;
  let app: RunningApp;
  let mailbox: TestMailbox;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "undersigned-restart-"));
    port = await freePort();
    pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port });
    const url = await pg.createDatabase("app");
    const db = createDb(url, { max: 1 });
    await migrateToLatest(db);
    await seedDemo(db);
    await db.destroy();
    mailbox = await startTestMailbox();
    app = await startApp({ DATABASE_URL: url, SMTP_URL: mailbox.sink.url });
  });
  afterAll(async () => {
    await app?.stop();
    await mailbox?.stop();
    await pg?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("answers 503 while the database is down and recovers by itself", async () => {
    expect((await fetch(app.url)).status).toBe(200);
    await pg.stop();

    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ database: "unreachable" });
    const page = await fetch(app.url);
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("30");
    expect(await page.text()).toContain("cannot reach its database");

    pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port });
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await fetch(`${app.url}/healthz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    const home = await fetch(app.url);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Millbrook is a hate-free community");
  });
});
