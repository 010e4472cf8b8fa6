import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { seedDemo } from "../server/seed";
import { startApp, type RunningApp } from "./support/app-server";
import { startTestMailbox, type TestMailbox } from "./support/mail";

describe("WEB_CONCURRENCY", () => {
  let app: RunningApp;
  let mailbox: TestMailbox;
  beforeAll(async () => {
    await seedDemo(getDb());
    mailbox = await startTestMailbox();
    app = await startApp({ SMTP_URL: mailbox.sink.url, WEB_CONCURRENCY: "2" });
  });
  afterAll(async () => {
    await app?.stop();
    await mailbox?.stop();
  });

  it("serves one port from several web processes", async () => {
    const pids = new Set<number>();
    for (let i = 0; i < 60 && pids.size < 2; i++) {
      const res = await fetch(`${app.url}/healthz`, { headers: { connection: "close" } });
      expect(res.status).toBe(200);
      pids.add(((await res.json()) as { pid: number }).pid);
    }
    expect(pids.size).toBe(2);
    expect(pids.has(app.process.pid!)).toBe(false);
    const home = await fetch(app.url, { headers: { connection: "close" } });
    expect(await home.text()).toContain("Millbrook is a hate-free community");
  });

  it("stops every web process on SIGTERM", async () => {
    const other = await startApp({ SMTP_URL: mailbox.sink.url, WEB_CONCURRENCY: "2" });
    expect(await other.stop()).toBe(0);
    await expect(fetch(`${other.url}/healthz`)).rejects.toThrow();
  });
});
