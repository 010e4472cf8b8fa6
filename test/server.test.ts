import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { seedDemo } from "../server/seed";
import { runAppExpectingExit, startApp, type RunningApp } from "./support/app-server";
import { startTestMailbox, type TestMailbox } from "./support/mail";

describe("server entry", () => {
  let app: RunningApp;
  let mailbox: TestMailbox;
  beforeAll(async () => {
    await seedDemo(getDb());
    mailbox = await startTestMailbox();
    app = await startApp({ SMTP_URL: mailbox.sink.url });
  });
  afterAll(async () => {
    await app?.stop();
    await mailbox?.stop();
  });

  it("answers /healthz with 200 when the database answers", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
  });

  it("serves the home page with the published demo statement", async () => {
    const res = await fetch(app.url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Millbrook is a hate-free community");
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-/);
    expect(res.headers.get("content-security-policy")).not.toContain("unsafe-inline' 'nonce");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("gives each page one fresh nonce, in its CSP and on its scripts", async () => {
    const nonces = [];
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${app.url}/about`);
      const nonce = res.headers.get("content-security-policy")!.match(/'nonce-([^']+)'/)![1];
      const html = await res.text();
      const onScripts = [...html.matchAll(/<script[^>]* nonce="([^"]+)"/g)].map((m) => m[1]);
      expect(onScripts.length).toBeGreaterThan(0);
      expect(new Set(onScripts)).toEqual(new Set([nonce]));
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("logs one line per request (LOG_LEVEL), with no query string, token or address in it", async () => {
    const logged = await startApp({ SMTP_URL: mailbox.sink.url, LOG_LEVEL: "info" });
    try {
      const secret = "Zm9vYmFyYmF6cXV4c2VjcmV0dG9rZW4";
      await (await fetch(`${logged.url}/officials/${secret}`)).arrayBuffer();
      await (await fetch(`${logged.url}/login/verify?token=${secret}`, { redirect: "manual" })).arrayBuffer();
      await (await fetch(`${logged.url}/someone@example.org`)).arrayBuffer();
      await new Promise((r) => setTimeout(r, 200));
      const lines = logged
        .output()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.msg === "request" && l.path !== "/healthz");
      expect(lines.map((l) => [l.method, l.path, typeof l.status, typeof l.duration])).toEqual([
        ["GET", "/officials/:token", "number", "number"],
        ["GET", "/login/verify", "number", "number"],
        ["GET", "/:email", "number", "number"],
      ]);
      expect(logged.output()).not.toContain(secret);
      expect(logged.output()).not.toContain("someone@example.org");
    } finally {
      await logged.stop();
    }
  });

  it("serves public files, and answers a malformed path with 400", async () => {
    const icon = await fetch(`${app.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect((await fetch(`${app.url}/%E0%A4%A.js`)).status).toBe(400);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it("refuses a body over 64 KB with 413", async () => {
    const res = await fetch(app.url, { method: "POST", body: "x=" + "a".repeat(70 * 1024), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(413);
  });

  it("shuts down cleanly on SIGTERM", async () => {
    const other = await startApp({ SMTP_URL: mailbox.sink.url });
    expect(await other.stop()).toBe(0);
  });
});

describe("configuration errors", () => {
  it.each([
    [{ DATABASE_URL: "mysql://nowhere/db" }, /^undersigned: Invalid environment variable DATABASE_URL: must be a URL starting with postgres:\/\//],
    [{ DATABASE_URL: "postgres://u:p@127.0.0.1:1/db" }, /^undersigned: cannot reach the database in DATABASE_URL \(postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db\)/],
    [{ SMTP_URL: "mail.example.org:25" }, /^undersigned: Invalid environment variable SMTP_URL/],
    [{ WEB_CONCURRENCY: "0" }, /^undersigned: Invalid environment variable WEB_CONCURRENCY/],
  ])("exits with one clear line for %o", async (env, message) => {
    const { code, stderr } = await runAppExpectingExit(env);
    expect(code).toBe(1);
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});

describe("the server reaches the app only through the build", () => {
  it("no module under server/ (nor scripts/db.ts) imports app code at run time: one copy of the app per process", () => {
    const root = path.resolve(import.meta.dirname, "..");
    const files = (readdirSync(path.join(root, "server"), { recursive: true }) as string[])
      .filter((f) => f.endsWith(".ts"))
      .map((f) => path.join("server", f))
      .concat("scripts/db.ts");
    const offenders = files.filter((file) =>
      // A type-only import is erased when compiled; anything else would load a second copy of the app.
      /^\s*(import|export)\s+(?!type\b)[^;]*from\s+["'](\.\.\/)+app\/|import\(\s*["'](\.\.\/)+app\//m.test(readFileSync(path.join(root, file), "utf8")),
    );
    expect(files.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
