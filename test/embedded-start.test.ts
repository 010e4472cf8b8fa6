import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "./support/app-server";

// `npm start` on a fresh machine: no DATABASE_URL, no SMTP_URL.
const postgresProcessesFor = (dataDir: string) => {
  try {
    return execFileSync("pgrep", ["-f", dataDir], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
};

describe("start with embedded defaults", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "undersigned-start-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("runs on embedded Postgres and the SMTP sink, seeds once, and leaves no postgres behind", async () => {
    const env = { DATABASE_URL: undefined, SMTP_URL: undefined, DATA_DIR: dataDir, NODE_ENV: "development" };
    const app = await startApp(env);
    const home = await (await fetch(app.url)).text();
    expect(home).toContain("Millbrook is a hate-free community");
    expect(app.output()).toContain("demo data seeded (first start)");

    // Mail sent by the app arrives in the sink and shows on the dev mailbox.
    const form = new FormData();
    form.set("email", "newcomer@example.org");
    const res = await fetch(`${app.url}/login`, { method: "POST", body: form, redirect: "manual" });
    expect(res.status).toBe(302);
    let mailbox = "";
    for (let i = 0; i < 100 && !mailbox.includes("newcomer@example.org"); i++) {
      await new Promise((r) => setTimeout(r, 100));
      mailbox = await (await fetch(`${app.url}/dev/mailbox`)).text();
    }
    expect(mailbox).toContain("Your sign-in link for Undersigned");
    expect(mailbox).toMatch(/<a href="http:\/\/localhost:\d+\/login\/verify\?token=/);

    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);
    app.process.kill("SIGINT");
    const code = await new Promise((resolve) => app.process.once("exit", resolve));
    expect(code).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);

    // The data survives a restart, and the seed does not run twice.
    const again = await startApp(env);
    expect(again.output()).not.toContain("demo data seeded");
    const mailboxAgain = await (await fetch(`${again.url}/dev/mailbox`)).text();
    expect(mailboxAgain).toContain("newcomer@example.org");
    expect(await again.stop()).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  });
});
