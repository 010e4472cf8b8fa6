import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpenStatement, createSession, createUser } from "./support/factories";
import { createPendingSignature, createVerifiedSignature } from "./support/signature-factories";
import { startApp, type RunningApp } from "./support/app-server";
import { startTestMailbox, type TestMailbox } from "./support/mail";

// The public statement page is rendered once a second per language and
// shared between readers without a session (server/http.ts): each still gets
// its own CSP nonce, a signed-in reader never gets someone else's page, and a
// confirmation in the process shows at once.

const nonceOf = (res: Response) => res.headers.get("content-security-policy")!.match(/'nonce-([^']+)'/)![1];
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

  it("gives every reader of a shared page a fresh nonce, in its CSP and on each of its scripts", async () => {
    const pages = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${app.url}/statements/${slug}`);
      expect(res.status).toBe(200);
      expect(res.headers.has("x-undersigned-shared-page")).toBe(false);
      const nonce = nonceOf(res);
      const html = await res.text();
      const onScripts = [...html.matchAll(/<script[^>]* nonce="([^"]+)"/g)].map((m) => m[1]);
      expect(onScripts.length).toBeGreaterThan(0);
      expect(new Set(onScripts)).toEqual(new Set([nonce]));
      pages.push({ nonce, html: html.replaceAll(nonce, "NONCE") });
    }
    expect(new Set(pages.map((p) => p.nonce)).size).toBe(3);
    // The same page otherwise, byte for byte.
    expect(new Set(pages.map((p) => p.html)).size).toBe(1);
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
    const theirs = await (await fetch(`${app.url}/statements/${slug}`, { headers: { cookie: session.cookie } })).text();
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
