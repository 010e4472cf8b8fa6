import { createHash } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { startApp, type RunningApp } from "./support/app-server";
import { createSession, createUser } from "./support/factories";
import { linkIn, startTestMailbox, type TestMailbox } from "./support/mail";
import { createWorld, type World } from "./support/roles";

// Security headers on every kind of answer, the session cookie's
// attributes, and CSRF protection on every state-changing organizer and
// admin form.

let app: RunningApp;
let mailbox: TestMailbox;
let w: World;

beforeAll(async () => {
  mailbox = await startTestMailbox();
  app = await startApp({ SMTP_URL: mailbox.sink.url, ADMIN_EMAILS: "admin@example.org" });
  w = await createWorld();
});
afterAll(async () => {
  await app?.stop();
  await mailbox?.stop();
});

function cspOf(res: Response) {
  const directives = new Map<string, string[]>();
  for (const part of (res.headers.get("content-security-policy") ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name, values);
  }
  return directives;
}

describe("headers", () => {
  it("every page: scripts only by nonce (or, for the shared statement page, by hash), no sniffing, a referrer policy, and no framing but the embed", async () => {
    const s = w.statements.open;
    const owner = w.sessions.owner!.cookie;
    const admin = w.sessions.admin!.cookie;
    const pages: [string, string?][] = [
      ["/"],
      [`/statements/${s.slug}`],
      [`/statements/${s.slug}/embed`],
      [`/statements/${s.slug}/signed`],
      ["/login"],
      [`/signatures/verify?token=${w.signer.verify}`],
      [`/signatures/withdraw?token=${w.signer.withdraw}`],
      [`/unsubscribe?token=${w.signer.unsubscribe}`],
      [`/officials/${w.official}`],
      ["/organize", owner],
      [`/organize/statements/${s.id}`, owner],
      [`/organize/statements/${s.id}/dashboard`, owner],
      [`/organize/statements/${s.id}/delivery`, owner],
      ["/admin/officials", admin],
      ["/admin/moderation", admin],
      ["/no-such-page"],
      [`/statements/no-such-statement`],
    ];
    for (const [path, cookie] of pages) {
      const res = await fetch(`${app.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
      const html = await res.text();
      expect(res.headers.get("content-type"), path).toMatch(/^text\/html/);
      const csp = cspOf(res);
      const scripts = csp.get("script-src") ?? [];
      const nonce = scripts.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
      const hashes = scripts.filter((v) => v.startsWith("'sha256-"));
      // The statement page shared by readers without a session allows its scripts by hash instead (test/shared-pages.test.ts).
      if (path === `/statements/${s.slug}` && !cookie) expect(nonce === undefined && hashes.length > 0, path).toBe(true);
      else expect(nonce && hashes.length === 0, path).toBeTruthy();
      expect(scripts.every((v) => v === "'self'" || v === `'nonce-${nonce}'` || hashes.includes(v)), path).toBe(true);
      expect(scripts, path).not.toContain("'unsafe-inline'");
      expect(scripts, path).not.toContain("'unsafe-eval'");
      expect(csp.get("object-src"), path).toEqual(["'none'"]);
      expect(csp.get("base-uri"), path).toEqual(["'none'"]);
      expect(csp.get("form-action"), path).toEqual(["'self'"]);
      // Every script the page carries is one the policy allows.
      for (const [tag, text] of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
        if (/\bsrc="\//.test(tag)) continue;
        if (nonce) expect(tag, path).toContain(`nonce="${nonce}"`);
        else expect(hashes, path).toContain(`'sha256-${createHash("sha256").update(text).digest("base64")}'`);
      }
      expect(html, path).not.toMatch(/\son[a-z]+="/);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toMatch(/^(strict-origin-when-cross-origin|no-referrer|same-origin)$/);
      if (path.endsWith("/embed")) {
        expect(csp.get("frame-ancestors"), path).toEqual(["*"]);
        expect(res.headers.get("x-frame-options"), path).toBeNull();
      } else {
        expect(csp.get("frame-ancestors"), path).toEqual(["'none'"]);
        expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      }
    }
  });

  it("every other kind of answer: no sniffing, and private files never cached by others", async () => {
    const s = w.statements.open;
    const owner = w.sessions.owner!.cookie;
    const answers: [string, RequestInit, RegExp, string?][] = [
      [`/statements/${s.slug}/count`, {}, /^application\/json/],
      [`/api/statements/${s.slug}`, {}, /^application\/json/],
      ["/statements.atom", {}, /^application\/atom\+xml/],
      ["/healthz", {}, /^application\/json/],
      ["/favicon.svg", {}, /^image\/svg\+xml/],
      [`/organize/statements/${s.id}/signatures.csv`, { headers: { cookie: owner } }, /^text\/csv/, "no-store"],
      [`/officials/${w.official}/packet.pdf`, {}, /^application\/pdf/, "no-store"],
      [`/officials/${w.official}/signatures.csv`, {}, /^text\/csv/, "no-store"],
      [`/officials/${w.official}/manifest.json`, {}, /^application\/json/, "no-store"],
      ["/%E0", {}, /^text\/plain/],
      ["/login", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }, /^text\/plain/],
      ["/login", { method: "POST", body: `email=${"a".repeat(70_000)}`, headers: { "content-type": "application/x-www-form-urlencoded" } }, /^text\/plain/],
    ];
    for (const [path, init, type, cache] of answers) {
      const res = await fetch(`${app.url}${path}`, { redirect: "manual", ...init });
      await res.arrayBuffer();
      expect(res.headers.get("content-type"), path).toMatch(type);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      if (cache) expect(res.headers.get("cache-control"), path).toContain(cache);
    }
  });

  it("no-store on every link's page and every organizer's page, and on their data; the official's page sends no referrer", async () => {
    const s = w.statements.open;
    const owner = w.sessions.owner!.cookie;
    const admin = w.sessions.admin!.cookie;
    const link = (path: string) => [path] as [string, string?];
    const organizer = (path: string, cookie = owner) => [path, cookie] as [string, string?];
    const answers: [string, string?][] = [
      link(`/signatures/verify?token=${w.signer.verify}`),
      link(`/signatures/withdraw?token=${w.signer.withdraw}`),
      link(`/unsubscribe?token=${w.signer.unsubscribe}`),
      // A sign-in link's page (a made-up token gets the same page, saying the link is not valid).
      link(`/login/verify?token=${"x".repeat(43)}&redirectTo=%2Forganize`),
      link(`/officials/${w.official}`),
      organizer("/organize"),
      organizer("/organize/new"),
      organizer(`/organize/statements/${s.id}`),
      organizer(`/organize/statements/${s.id}/dashboard`),
      organizer(`/organize/statements/${s.id}/delivery`),
      organizer(`/organize/statements/${s.id}/preview`),
      organizer(`/organize/statements/${s.id}/updates`),
      organizer(`/organize/statements/${s.id}/signatures.csv`),
      organizer("/admin/officials", admin),
      organizer("/admin/moderation", admin),
      // Remix's data requests for the same pages (client-side navigation).
      organizer("/organize.data"),
      organizer(`/organize/statements/${s.id}/dashboard.data`),
    ];
    for (const [path, cookie] of answers) {
      const res = await fetch(`${app.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
      await res.arrayBuffer();
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get("cache-control"), path).toMatch(/\bno-store\b/);
    }
    const official = await fetch(`${app.url}/officials/${w.official}`);
    await official.arrayBuffer();
    expect(official.headers.get("referrer-policy")).toBe("no-referrer");
    // Public pages stay cacheable as they were.
    const about = await fetch(`${app.url}/about`);
    await about.arrayBuffer();
    expect(about.headers.get("cache-control") ?? "").not.toMatch(/no-store/);
  });

  it("every organizer and admin route declares itself private (a new one cannot forget)", async () => {
    const build = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(import.meta.dirname, "../build/index.js")).href)) as ServerBuild;
    const organizerRoutes = Object.keys(build.routes).filter((id) => /^routes\/(organize|admin)[.]/.test(id));
    expect(organizerRoutes.length).toBeGreaterThan(8);
    for (const id of organizerRoutes) expect((build.routes[id].module as { handle?: { private?: boolean } }).handle?.private, id).toBe(true);
  });

  it("refuses a post from another site with 403, never a 500, except the sign form partners embed", async () => {
    const owner = w.sessions.owner!;
    for (const origin of ["https://evil.example", "null", "not a url", `http://localhost:1`]) {
      for (const path of ["/login", "/logout", "/language", `/organize/statements/${w.statements.open.id}`, "/admin/officials", "/signatures/withdraw", `/officials/${w.official}`]) {
        const res = await fetch(`${app.url}${path}`, {
          method: "POST",
          redirect: "manual",
          headers: { origin, cookie: owner.cookie, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ csrf: owner.csrf, intent: "acknowledge", email: "x@example.org" }),
        });
        // The official's page sends no referrer, so its own forms post with `Origin: null`:
        // that one is let through there (its token is the only authority); any named site is not.
        const referrerless = origin === "null" && path.startsWith("/officials/");
        expect(res.status, `${origin} → ${path}`).toBe(referrerless ? 302 : 403);
      }
      const signed = await fetch(`${app.url}/statements/${w.statements.open.slug}`, {
        method: "POST",
        redirect: "manual",
        headers: { origin, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ name: "Partner Signer", email: `partner-${Math.random().toString(36).slice(2)}@example.org`, ward: "outside", display: "full" }),
      });
      expect(signed.status, origin).toBe(303);
    }
    // Our own pages' posts pass.
    const own = await fetch(`${app.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: app.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "own-page@example.org" }),
    });
    expect(own.status).toBe(302);
  });
});

describe("the session cookie", () => {
  async function signIn(target: RunningApp, email: string) {
    await fetch(`${target.url}/login`, { method: "POST", body: new URLSearchParams({ email }), redirect: "manual" });
    const mail = await mailbox.waitFor((m) => m.to.includes(email) && m.subject.includes("sign-in link"));
    const link = new URL(linkIn(mail, "/login/verify"));
    const res = await fetch(`${target.url}/login/verify`, { method: "POST", body: new URLSearchParams({ token: link.searchParams.get("token")! }), redirect: "manual" });
    expect(res.status).toBe(302);
    return res.headers.getSetCookie().find((c) => c.startsWith("__session="))!;
  }

  it("is HttpOnly and SameSite=Lax, and Secure in production, where /dev/mailbox does not exist", async () => {
    const dev = await signIn(app, "cookie-dev@example.org");
    expect(dev).toMatch(/; HttpOnly/);
    expect(dev).toMatch(/; SameSite=Lax/);
    expect(dev).toMatch(/; Path=\//);
    expect(dev).not.toMatch(/; Secure/);

    const production = await startApp({ NODE_ENV: "production", SMTP_URL: mailbox.sink.url, DATABASE_URL: process.env.DATABASE_URL });
    try {
      const cookie = await signIn(production, "cookie-production@example.org");
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Secure/);
      expect((await fetch(`${production.url}/dev/mailbox`)).status).toBe(404);
    } finally {
      await production.stop();
    }
  });

  it("holds only a random token: the database keeps its hash, and an expired session is no session", async () => {
    const user = await createUser();
    const session = await createSession(user.id);
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await getDb().selectFrom("sessions").select("token_hash").where("user_id", "=", user.id).execute();
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).not.toContain(session.token);
    expect((await fetch(`${app.url}/organize`, { headers: { cookie: session.cookie }, redirect: "manual" })).status).toBe(200);
    await getDb().updateTable("sessions").set({ expires_at: new Date(Date.now() - 1000) }).where("user_id", "=", user.id).execute();
    const expired = await fetch(`${app.url}/organize`, { headers: { cookie: session.cookie }, redirect: "manual" });
    expect(expired.status).toBe(302);
    expect(expired.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("in production", () => {
  it("every answer carries HSTS and a Permissions-Policy that denies what no page uses", async () => {
    const production = await startApp({ NODE_ENV: "production", SMTP_URL: mailbox.sink.url, DATABASE_URL: process.env.DATABASE_URL });
    try {
      for (const path of ["/", `/statements/${w.statements.open.slug}`, `/statements/${w.statements.open.slug}/embed`, "/login", `/statements/${w.statements.open.slug}/count`, "/no-such-page"]) {
        const res = await fetch(`${production.url}${path}`, { redirect: "manual" });
        await res.arrayBuffer();
        expect(res.headers.get("strict-transport-security"), path).toBe("max-age=63072000; includeSubDomains");
        const policy = new Map((res.headers.get("permissions-policy") ?? "").split(",").map((p) => p.trim().split("=") as [string, string]));
        for (const denied of ["camera", "microphone", "payment", "usb"]) expect(policy.get(denied), `${path} ${denied}`).toBe("()");
        expect(policy.get("geolocation"), path).toBe("(self)");
      }
    } finally {
      await production.stop();
    }
    // Not outside production: a developer's http://localhost must not be pinned to HTTPS.
    const dev = await fetch(`${app.url}/`);
    await dev.arrayBuffer();
    expect(dev.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("CSRF", () => {
  /** Every state-changing organizer and admin form, as its page posts it. */
  function forms() {
    const s = w.statements.open;
    const draft = w.statements.draft;
    const manage = (id: number) => `/organize/statements/${id}`;
    return [
      ["owner", "/organize/new", { template: "blank", jurisdictionId: String(w.jurisdiction.id) }],
      ...["save", "preview", "addReason", "publish"].map((intent) => ["owner", manage(draft.id), { intent, title: "Changed by someone else", goal: "10", jurisdictionId: String(w.jurisdiction.id) }] as const),
      ["owner", manage(draft.id), { intent: "publishSaved" }],
      ["owner", manage(s.id), { intent: "invite", email: "csrf-invite@example.org" }],
      ["owner", manage(s.id), { intent: "removeOrganizer", userId: String(w.users.coOrganizer.id) }],
      ["owner", manage(w.statements.delivered.id), { intent: "copy" }],
      ["owner", `${manage(s.id)}/updates`, { subject: "Forged", body: "Forged update" }],
      ["owner", `${manage(s.id)}/delivery`, { intent: "deliver", sequence: "1" }],
      ["owner", `${manage(s.id)}/delivery`, { intent: "retry", officialDeliveryId: "1" }],
      ["admin", "/admin/officials", { intent: "addJurisdiction", jurisdictionName: "Forged Town", wards: "" }],
      ["admin", "/admin/officials", { intent: "addOfficial", jurisdictionId: String(w.jurisdiction.id), name: "Forged", office: "mayor", email: "forged@example.org" }],
      ["admin", "/admin/officials", { intent: "editOfficial", jurisdictionId: String(w.jurisdiction.id), officialId: String(w.officials[0].id), name: "Forged", office: "mayor", email: "forged@example.org" }],
      ["admin", "/admin/officials", { intent: "retire", jurisdictionId: String(w.jurisdiction.id), officialId: String(w.officials[0].id) }],
      ["admin", "/admin/officials", { intent: "restore", jurisdictionId: String(w.jurisdiction.id), officialId: String(w.officials[0].id) }],
      ["admin", "/admin/officials", { intent: "import", jurisdictionId: String(w.jurisdiction.id), csv: "name,office,ward,email\nForged,mayor,,forged2@example.org" }],
      ["admin", "/admin/moderation", { decision: "approve", statementId: String(s.id) }],
      ["admin", "/admin/moderation", { decision: "reject", statementId: String(s.id), reason: "Forged" }],
      ["owner", "/logout", {}],
    ] as [keyof World["sessions"], string, Record<string, string>][];
  }

  it("every state-changing form refuses a missing, wrong or another user's token with 403 and changes nothing", async () => {
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all(
          ["statements", "statement_organizers", "statement_updates", "deliveries", "jurisdictions", "officials", "sessions", "outbox"].map((t) =>
            getDb().selectFrom(t as "statements").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
          ),
        ),
      );
    const before = await snapshot();
    const other = w.sessions.otherOrganizer!;
    for (const [role, path, fields] of forms()) {
      const session = w.sessions[role]!;
      for (const csrf of [undefined, "", "x".repeat(43), other.csrf, session.csrf.slice(0, -1)]) {
        const body = new URLSearchParams(fields);
        if (csrf !== undefined) body.set("csrf", csrf);
        const res = await fetch(`${app.url}${path}`, { method: "POST", body, headers: { cookie: session.cookie }, redirect: "manual" });
        expect(res.status, `${path} ${fields.intent ?? fields.decision ?? ""} with csrf ${JSON.stringify(csrf)}`).toBe(403);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it("every organizer and admin page puts the token in each of its forms that change something", async () => {
    const s = w.statements.open;
    for (const [role, path] of [
      ["owner", "/organize/new"],
      ["owner", `/organize/statements/${w.statements.draft.id}`],
      ["owner", `/organize/statements/${w.statements.draft.id}/preview`],
      ["owner", `/organize/statements/${s.id}`],
      ["owner", `/organize/statements/${s.id}/updates`],
      ["owner", `/organize/statements/${s.id}/delivery`],
      ["admin", "/admin/officials"],
      ["admin", "/admin/moderation"],
    ] as const) {
      const session = w.sessions[role]!;
      const html = await (await fetch(`${app.url}${path}`, { headers: { cookie: session.cookie } })).text();
      const posting = [...html.matchAll(/<form\b[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/g)]
        // The language switch and the statement's own sign form (in the preview) are not organizer forms.
        .filter((f) => !/action="\/(language|statements\/)/.test(f[0]));
      expect(posting.length, path).toBeGreaterThan(0);
      for (const [form] of posting) expect(form, `${path}: ${form.slice(0, 120)}`).toContain(`name="csrf" value="${session.csrf}"`);
    }
  });
});
