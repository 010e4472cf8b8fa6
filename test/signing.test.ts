import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { NAME_MAX } from "../app/signing/signatures";
import type { StatementState } from "../db/states";
import { useApp } from "./support/app";
import { startApp } from "./support/app-server";
import { postForm } from "./support/forms";
import { createOpenStatement } from "./support/factories";
import { linkIn } from "./support/mail";
import { createPendingSignature, createVerifiedSignature } from "./support/signature-factories";
import { expireLinksOf } from "./support/signing-helpers";

const app = useApp();

// The sign path through the real server: routes, validation, the 64 KB
// limit, the outbox worker and real SMTP.
let open: Awaited<ReturnType<typeof createOpenStatement>>;

beforeAll(async () => {
  open = await createOpenStatement();
});

const signatures = (statementId: number) =>
  getDb().selectFrom("signatures").selectAll().where("statement_id", "=", statementId).orderBy("id").execute();
const valid = (over: Record<string, string> = {}) => ({
  name: "Maria Garcia",
  email: `maria-${Math.random().toString(36).slice(2)}@example.org`,
  ward: String(open.wards[0].id),
  display: "initials",
  updates: "yes",
  ...over,
});

describe("POST /statements/:slug", () => {
  it("stores a pending signature, emails the link, and says to check your email", async () => {
    const fields = valid({ email: "  Maria.Garcia@Example.org " });
    const res = await app.postForm(`/statements/${open.statement.slug}`, fields);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/statements/${open.statement.slug}/signed`);
    const rows = await signatures(open.statement.id);
    expect(rows.find((r) => r.email === "maria.garcia@example.org")).toMatchObject({ state: "pending", updates: true, display: "initials" });

    const page = await fetch(`${app.url}${res.location}`);
    expect(await page.text()).toContain("Check your email");
    const mail = await app.mailbox.waitFor((m) => m.to.includes("maria.garcia@example.org"));
    expect(mail.subject).toContain("Confirm your signature");

    // Opening the link (as a mail scanner would) shows a button and confirms nothing.
    const link = linkIn(mail, "/signatures/verify");
    const opened = await fetch(link);
    expect(opened.status).toBe(200);
    const html = await opened.text();
    expect(html).toContain("Confirm my signature");
    expect(html).toContain("Maria G.");
    const after = await getDb().selectFrom("signatures").select("state").where("email", "=", "maria.garcia@example.org").executeTakeFirstOrThrow();
    expect(after.state).toBe("pending");
  });

  it("answers the same way for a new, a pending, a verified and a honeypot submission", async () => {
    const { statement } = await createOpenStatement();
    const pending = await createPendingSignature({ slug: statement.slug });
    const verified = await createVerifiedSignature({ slug: statement.slug });
    const answers = [];
    for (const fields of [
      valid({ ward: "outside" }),
      valid({ ward: "outside", email: pending.email }),
      valid({ ward: "outside", email: verified.email }),
      { ...valid({ ward: "outside" }), website: "http://spam.example" },
    ]) {
      const res = await app.postForm(`/statements/${statement.slug}`, fields);
      answers.push({ status: res.status, location: res.location, body: res.html });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 303, location: `/statements/${statement.slug}/signed` });
    expect(await signatures(statement.id)).toHaveLength(3);
  });

  it("accepts the form posted from a partner's own page, or with a hidden origin", async () => {
    const { statement } = await createOpenStatement();
    for (const origin of ["https://partner.example", "null"]) {
      const res = await app.postForm(`/statements/${statement.slug}`, valid({ ward: "outside" }), { headers: { origin } });
      expect(res.status).toBe(303);
    }
    expect(await signatures(statement.id)).toHaveLength(2);
  });

  it("turns 50 concurrent submissions of one address into one signature, without an error", async () => {
    const { statement } = await createOpenStatement();
    const fields = valid({ ward: "outside", email: "concurrent@example.org" });
    const statuses = await Promise.all(Array.from({ length: 50 }, () => app.postForm(`/statements/${statement.slug}`, fields).then((r) => r.status)));
    expect(statuses.every((s) => s === 303)).toBe(true);
    expect(await signatures(statement.id)).toHaveLength(1);
  });

  it.each([
    ["a missing name", { name: "" }, "Enter your name", "name"],
    ["not-an-email", { email: "not-an-email" }, "Enter an email address like name@example.org", "email"],
    ["a 10,000-character name", { name: "x".repeat(10_000) }, `Your name must be at most ${NAME_MAX} characters`, "name"],
    ["header injection", { email: "a@b.c\r\nBcc: x@y.z" }, "Enter a single email address, without line breaks", "email"],
    ["an unknown display", { display: "billboard" }, "Choose how your name appears", "display"],
    ["an unknown ward", { ward: "999999" }, "Choose a ward from the list", "ward"],
    ["a ward that is not a ward", { ward: "../../etc" }, "Choose a ward from the list", "ward"],
    ["no ward", { ward: "" }, "Choose your ward, or that you don&#x27;t live here", "ward"],
  ])("refuses %s with a message beside the field, keeps the input, stores nothing", async (_, bad, message, field) => {
    const { statement, wards } = await createOpenStatement();
    const fields = { ...valid({ ward: String(wards[0].id), name: "Kept Name" }), ...bad };
    const res = await app.postForm(`/statements/${statement.slug}`, fields);
    expect(res.status).toBe(400);
    const html = res.html;
    expect(html).toContain(`id="${field}-error">${message}</p>`);
    expect(html).toContain('id="error-summary"');
    if (field !== "name") expect(html).toContain('value="Kept Name"');
    expect(await signatures(statement.id)).toHaveLength(0);
    expect(await getDb().selectFrom("outbox").select("id").where("to_address", "=", fields.email).execute()).toHaveLength(0);
  });

  it("refuses a body over 64 KB with 413 and stores nothing", async () => {
    const { statement } = await createOpenStatement();
    const res = await app.postForm(`/statements/${statement.slug}`, valid({ name: "x".repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect(await signatures(statement.id)).toHaveLength(0);
  });

  it("refuses a body that is not a form without an error", async () => {
    const res = await app.postForm(`/statements/${open.statement.slug}`, "{}", { headers: { "content-type": "application/json" } });
    expect(res.status).toBe(415);
  });

  it("gives a closed or delivered statement a clear page, and a draft or unknown one a 404", async () => {
    // A statement per state: public pages may be served from a cache for a second.
    const inState = async (state: StatementState) => {
      const { statement } = await createOpenStatement();
      await getDb().updateTable("statements").set({ state }).where("id", "=", statement.id).execute();
      return statement;
    };
    const tried: number[] = [];
    for (const state of ["closed", "delivered"] as const) {
      const statement = await inState(state);
      tried.push(statement.id);
      const page = await fetch(`${app.url}/statements/${statement.slug}`);
      expect(page.status).toBe(200);
      const pageHtml = await page.text();
      expect(pageHtml).toContain("This statement is closed to new signatures.");
      expect(pageHtml).not.toContain('name="email"');
      const res = await app.postForm(`/statements/${statement.slug}`, valid({ ward: "outside" }));
      expect(res.status).toBe(200);
      expect(res.html).toContain("Your signature was not recorded: this statement is closed to new signatures.");
    }
    for (const state of ["draft", "in_review", "rejected"] as const) {
      const statement = await inState(state);
      tried.push(statement.id);
      const page = await fetch(`${app.url}/statements/${statement.slug}`);
      expect(page.status).toBe(404);
      expect(await page.text()).toContain("We couldn&#x27;t find that statement");
      expect((await app.postForm(`/statements/${statement.slug}`, valid({ ward: "outside" }))).status).toBe(404);
    }
    expect((await fetch(`${app.url}/statements/no-such-statement`)).status).toBe(404);
    expect((await app.postForm("/statements/no-such-statement", valid({ ward: "outside" }))).status).toBe(404);
    for (const id of tried) expect(await signatures(id)).toHaveLength(0);
  });

  it("ignores X-Forwarded-For unless TRUST_PROXY is set", async () => {
    const { statement } = await createOpenStatement();
    await app.postForm(`/statements/${statement.slug}`, valid({ ward: "outside", email: "direct@example.org" }), { headers: { "x-forwarded-for": "203.0.113.99" } });
    const proxied = await startApp({ SMTP_URL: app.mailbox.sink.url, TRUST_PROXY: "2", OUTBOX_WORKER: "0" });
    try {
      await postForm(`${proxied.url}/statements/${statement.slug}`, valid({ ward: "outside", email: "proxied@example.org" }), { headers: { "x-forwarded-for": "203.0.113.7, 10.0.0.1" } });
    } finally {
      await proxied.stop();
    }
    const rows = await signatures(statement.id);
    expect(rows.find((r) => r.email === "direct@example.org")?.client_ip).not.toBe("203.0.113.99");
    expect(rows.find((r) => r.email === "proxied@example.org")?.client_ip).toBe("203.0.113.7");
  });
});

describe("verification and withdrawal pages", () => {
  it("confirm with a button, refuse a reused or expired link clearly, and withdraw", async () => {
    const { statement } = await createOpenStatement();
    const { email, token } = await createPendingSignature({ slug: statement.slug, display: "full", name: "Page Signer" });
    const confirm = await app.postForm("/signatures/verify", { token });
    expect(confirm.status).toBe(303);
    expect(confirm.location).toBe(`/statements/${statement.slug}?confirmed=1`);
    const page = await (await fetch(`${app.url}/statements/${statement.slug}?confirmed=1`)).text();
    expect(page).toContain("your signature is confirmed and counted");
    expect(page).toContain("Page Signer");

    const reused = await app.postForm("/signatures/verify", { token });
    expect(reused.status).toBe(409);
    expect(reused.html).toContain("This signature has already been confirmed.");

    const late = await createPendingSignature({ slug: statement.slug });
    await expireLinksOf(late.email);
    const expiredPage = await (await fetch(`${app.url}/signatures/verify?token=${late.token}`)).text();
    expect(expiredPage).toContain("This link has expired");
    expect(expiredPage).not.toContain("Confirm my signature</button>");
    const expired = await app.postForm("/signatures/verify", { token: late.token });
    expect(expired.html).toContain("This link has expired");
    const bogus = await app.postForm("/signatures/verify", { token: "x".repeat(43) });
    expect(bogus.status).toBe(404);
    expect(bogus.html).toContain("This link is not valid");

    const confirmation = await app.mailbox.waitFor((m) => m.to.includes(email) && m.subject.startsWith("Your signature counts"));
    const withdrawLink = linkIn(confirmation, "/signatures/withdraw");
    const withdrawPage = await (await fetch(withdrawLink)).text();
    expect(withdrawPage).toContain("Withdraw my signature");
    expect((await getDb().selectFrom("signatures").select("state").where("email", "=", email).executeTakeFirstOrThrow()).state).toBe("verified");
    const withdrawToken = new URL(withdrawLink).searchParams.get("token")!;
    const withdrawn = await app.postForm("/signatures/withdraw", { token: withdrawToken });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.html).toContain("Your signature is withdrawn");
    expect(await (await fetch(`${app.url}/statements/${statement.slug}/count`)).json()).toEqual({ verified: 0 });
    const again = await app.postForm("/signatures/withdraw", { token: withdrawToken });
    expect(again.html).toContain("This signature has already been withdrawn.");
  });
});

describe("public reads", () => {
  it("serve the count with cache headers and the statement as JSON, never a private signer", async () => {
    const { statement, officials } = await createOpenStatement();
    await createVerifiedSignature({ slug: statement.slug, name: "Visible Signer", display: "full" });
    await createVerifiedSignature({ slug: statement.slug, name: "Secret Signer", display: "private", email: "secret@example.org" });
    const count = await fetch(`${app.url}/statements/${statement.slug}/count`);
    expect(count.status).toBe(200);
    expect(await count.json()).toEqual({ verified: 2 });
    expect(count.headers.get("cache-control")).toMatch(/public, max-age=\d+, stale-while-revalidate=\d+/);

    const api = await fetch(`${app.url}/api/statements/${statement.slug}`);
    const body = await api.json();
    expect(body).toMatchObject({ slug: statement.slug, title: statement.title, verified: 2, versionHash: statement.version_hash, state: "open" });
    expect(body.officials).toHaveLength(officials.length);
    expect(body.recentSigners.map((s: { name: string }) => s.name)).toEqual(["Visible Signer"]);

    const html = await (await fetch(`${app.url}/statements/${statement.slug}`)).text();
    for (const text of [html, JSON.stringify(body)]) {
      expect(text).not.toContain("Secret Signer");
      expect(text).not.toContain("secret@example.org");
      expect(text).not.toContain("@example.org");
    }
    expect(html).toContain("Visible Signer");
    expect(html).toContain(statement.version_hash!);
    expect(html).toContain(`<meta property="og:title" content="${statement.title}"/>`);
    expect(html).toContain(`<meta property="og:url" content="${app.url}/statements/${statement.slug}"/>`);
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-live="polite"');
    expect((await fetch(`${app.url}/statements/nope/count`)).status).toBe(404);
    expect((await fetch(`${app.url}/api/statements/nope`)).status).toBe(404);
  });

  it("speak Spanish to Spanish readers", async () => {
    const html = await (await fetch(`${app.url}/statements/${open.statement.slug}`, { headers: { "accept-language": "es-US,es;q=0.9" } })).text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain("Firme esta declaración");
    expect(html).toContain("No vivo en");
  });
});

describe("the embeddable form", () => {
  it("may be framed by any site, posts to the statement, and brings the answer back into the frame", async () => {
    const res = await fetch(`${app.url}/statements/${open.statement.slug}/embed`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(res.headers.get("x-frame-options")).toBeNull();
    const html = await res.text();
    expect(html).toContain(`action="/statements/${open.statement.slug}?embed=1"`);
    expect(html).toContain('<header class="site-header" hidden=""');

    const signed = await app.postForm(`/statements/${open.statement.slug}?embed=1`, valid({ email: "embedded@example.org" }));
    expect(signed.status).toBe(303);
    expect(signed.location).toBe(`/statements/${open.statement.slug}/embed?sent=1`);
    const sent = await (await fetch(`${app.url}${signed.location}`)).text();
    expect(sent).toContain("Check your email");

    // Problems come back to the frame beside their fields, without the values typed.
    const bad = await app.postForm(`/statements/${open.statement.slug}?embed=1`, valid({ email: "nope@", name: "" }));
    expect(bad.status).toBe(303);
    const refused = await (await fetch(`${app.url}${bad.location}`)).text();
    expect(refused).toContain('id="name-error">Enter your name</p>');
    expect(refused).toContain('id="email-error">Enter an email address like name@example.org</p>');
    expect(refused).not.toContain("nope@");
    // Only known fields and messages are shown from the address.
    const forged = await (await fetch(`${app.url}/statements/${open.statement.slug}/embed?error=name:You%20won&error=x:sign.error.nameRequired`)).text();
    expect(forged).not.toContain("You won");
    expect(forged).not.toContain('id="error-summary"');
  });
});
