import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inlineScriptHashes } from "../server/middleware/security-headers";
import { launchBrowser } from "./support/browser";
import { createOpenStatement, createSession, createUser } from "./support/factories";
import { createPendingSignature, createVerifiedSignature } from "./support/signature-factories";
import { startApp, type RunningApp } from "./support/app-server";
import { startTestMailbox, type TestMailbox } from "./support/mail";

// The public statement page is rendered once a second per language and
// shared between readers without a session (server/middleware/shared-page.ts): the same bytes
// for each, its inline scripts allowed by hash so that a CDN may keep it; a
// signed-in reader never gets someone else's page; a confirmation in the
// process shows at once.

const sha256 = (text: string) => createHash("sha256").update(text).digest("base64");
const inlineScripts = (html: string) => [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\ssrc=/.test(m[1])).map((m) => m[2]);
const countOf = (html: string) => html.match(/<strong class="count-big">([^<]*)<\/strong>/)![1];

describe("shared public pages", () => {
  let app: RunningApp;
  let mailbox: TestMailbox;
  let slug: string;
  beforeAll(async () => {
    mailbox = await startTestMailbox();
    app = await startApp({ SMTP_URL: mailbox.sink.url });
    slug = (await createOpenStatement()).statement.slug;
  });
  afterAll(async () => {
    await app?.stop();
    await mailbox?.stop();
  });

  it("gives every reader the same bytes, its scripts allowed by hash, cacheable for a second", async () => {
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${app.url}/statements/${slug}`);
      expect(res.status).toBe(200);
      expect(res.headers.has("x-undersigned-shared-page")).toBe(false);
      expect(res.headers.get("cache-control")).toBe("public, max-age=1, stale-while-revalidate=4");
      expect(res.headers.get("vary")).toBe("Cookie, Accept-Language");
      answers.push({ csp: res.headers.get("content-security-policy")!, html: await res.text() });
    }
    expect(new Set(answers.map((a) => a.html)).size).toBe(1);
    const { csp, html } = answers[0];
    expect(csp).not.toContain("'nonce-");
    expect(csp).not.toContain("unsafe-inline' 'sha");
    const scripts = inlineScripts(html);
    expect(scripts.length).toBeGreaterThan(2);
    const allowed = csp.match(/script-src ([^;]*)/)![1].split(" ");
    expect(new Set(allowed)).toEqual(new Set(["'self'", ...scripts.map((text) => `'sha256-${sha256(text)}'`)]));
  });

  it("runs the shared page's scripts in a browser under that policy", async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const refused: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") refused.push(m.text());
      });
      await fetch(`${app.url}/statements/${slug}`); // the browser then gets the shared copy
      await page.goto(`${app.url}/statements/${slug}`);
      await page.waitForFunction(() => "__remixRouter" in window, null, { timeout: 15_000 });
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("shows a change made by another process within a second", async () => {
    const before = Number(countOf(await (await fetch(`${app.url}/statements/${slug}`)).text()));
    // Confirmed by this test's process, not the server's: the server only learns of it from the database.
    await createVerifiedSignature({ slug });
    await new Promise((r) => setTimeout(r, 1100));
    const later = Number(countOf(await (await fetch(`${app.url}/statements/${slug}`)).text()));
    expect(later).toBe(before + 1);
  });

  it("shows a confirmation made through the server at once", async () => {
    const before = Number(countOf(await (await fetch(`${app.url}/statements/${slug}`)).text()));
    const { token } = await createPendingSignature({ slug });
    const confirm = await fetch(`${app.url}/signatures/verify`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: app.url },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(confirm.status).toBe(303);
    const after = Number(countOf(await (await fetch(`${app.url}/statements/${slug}`)).text()));
    expect(after).toBe(before + 1);
  });

  it("never gives a signed-in reader's page to anyone else, nor a shared page to them", async () => {
    const anonymous = await (await fetch(`${app.url}/statements/${slug}`)).text();
    expect(anonymous).not.toContain("Sign out");
    const user = await createUser();
    const session = await createSession(user.id);
    const answer = await fetch(`${app.url}/statements/${slug}`, { headers: { cookie: session.cookie } });
    expect(answer.headers.get("cache-control")).toBe("private, no-cache");
    expect(answer.headers.get("content-security-policy")).toContain("'nonce-");
    const theirs = await answer.text();
    expect(theirs).toContain("Sign out");
    expect(theirs).toContain(session.csrf);
    const next = await (await fetch(`${app.url}/statements/${slug}`)).text();
    expect(next).not.toContain("Sign out");
    expect(next).not.toContain(session.csrf);
  });

  it("keeps one page per language", async () => {
    const es = await (await fetch(`${app.url}/statements/${slug}`, { headers: { cookie: "lang=es" } })).text();
    const en = await (await fetch(`${app.url}/statements/${slug}`, { headers: { "accept-language": "en" } })).text();
    const esByHeader = await (await fetch(`${app.url}/statements/${slug}`, { headers: { "accept-language": "es-MX,es;q=0.9" } })).text();
    expect(es).toContain('<html lang="es"');
    expect(esByHeader).toContain('<html lang="es"');
    expect(en).toContain('<html lang="en"');
  });
});

describe("inlineScriptHashes", () => {
  it("allows only the scripts the render gave its nonce, never one that got into the page otherwise", () => {
    const html =
      '<p>hi</p><script nonce="N1">window.a = 1;</script>' +
      '<p><script>alert("injected")</script></p>' +
      '<script nonce="other">alert("guessed wrong")</script>' +
      '<script nonce="N1" type="module">import "/build/x.js";</script>' +
      '<script nonce="N1" src="/build/y.js"></script>';
    const allowed = inlineScriptHashes(html, "N1").split(" ");
    expect(new Set(allowed)).toEqual(new Set([`'sha256-${sha256("window.a = 1;")}'`, `'sha256-${sha256('import "/build/x.js";')}'`]));
  });
});
