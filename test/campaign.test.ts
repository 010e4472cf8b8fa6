import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { useApp } from "./support/app";
import { createSignature } from "./support/campaign-factories";
import { createOpenStatement, createSession, createUser } from "./support/factories";

// The campaign pages through the built app, in process: guards, forms, CSV, mail over SMTP.
const app = useApp({ inProcess: true });
let c: Awaited<ReturnType<typeof createOpenStatement>>;
let owner: Awaited<ReturnType<typeof createSession>>;
let stranger: Awaited<ReturnType<typeof createSession>>;

beforeAll(async () => {
  c = await createOpenStatement();
  owner = await createSession(c.owner.id);
  // An organizer, but of another statement.
  const other = await createOpenStatement();
  stranger = await createSession(other.owner.id);
});

const base = () => `/organize/statements/${c.statement.id}`;
const get = (path: string, cookie?: string, headers: Record<string, string> = {}) => app.fetch(path, { headers: { ...(cookie ? { cookie } : {}), ...headers } });

describe("organizer pages", () => {
  it("answer 404 to organizers of other statements, and to made-up ids", async () => {
    for (const path of [`${base()}/dashboard`, `${base()}/updates`, `${base()}/signatures.csv`]) {
      expect((await get(path, stranger.cookie)).status, path).toBe(404);
    }
    const res = await app.postForm(`${base()}/updates`, { csrf: stranger.csrf, subject: "Hi", body: "Sneaky" }, stranger.cookie);
    expect(res.status).toBe(404);
    expect(await getDb().selectFrom("statement_updates").select("id").execute()).toHaveLength(0);
    for (const id of ["999999", "abc", "-1"]) expect((await get(`/organize/statements/${id}/dashboard`, owner.cookie)).status).toBe(404);
  });

  it("send signed-out visitors to sign in, and back", async () => {
    const res = await get(`${base()}/signatures.csv`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`${base()}/signatures.csv`)}`);
  });

  it("show the owner and co-organizers the dashboard, drawn without script", async () => {
    await createSignature({ statementId: c.statement.id, wardId: c.wards[0].id });
    await createSignature({ statementId: c.statement.id, state: "pending" });
    const co = await createUser();
    await getDb().insertInto("statement_organizers").values({ statement_id: c.statement.id, user_id: co.id, role: "co_organizer" }).execute();
    for (const session of [owner, await createSession(co.id)]) {
      const res = await get(`${base()}/dashboard`, session.cookie);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("Waiting for email confirmation");
      expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+-title [^"]+-desc"/);
      expect(html).toMatch(/<desc id="[^"]+">Bar chart of verified signatures each day/);
      expect(html).toContain(`href="${base()}/delivery"`);
      expect(html).toContain(`href="${base()}/signatures.csv"`);
    }
  });

  it("export signatures as CSV without email addresses", async () => {
    await createSignature({ statementId: c.statement.id, name: "Distinct Signer", email: "distinct.signer.4471@example.net", wardId: c.wards[1].id });
    const res = await get(`${base()}/signatures.csv`, owner.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="signatures-${c.statement.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const csv = await res.text();
    expect(csv).toContain("Distinct Signer,full,Ward 2,");
    expect(csv).not.toContain("distinct.signer.4471");
    expect(csv).not.toContain("@");
  });
});

describe("updates to signers", () => {
  it("go by email with a one-click unsubscribe that is honoured", async () => {
    const fan = await createSignature({ statementId: c.statement.id, updates: true, email: "fan@example.org" });
    await createSignature({ statementId: c.statement.id, updates: false, email: "no-thanks@example.org" });

    expect((await app.postForm(`${base()}/updates`, { subject: "Hi", body: "x" }, owner.cookie)).status).toBe(403);

    const refused = await app.postForm(`${base()}/updates`, { csrf: owner.csrf, subject: "", body: "Kept <b>text</b>" }, owner.cookie);
    expect(refused.status).toBe(200);
    const refusedHtml = refused.html;
    expect(refusedHtml).toContain('class="error-summary"');
    expect(refusedHtml).toContain("Write a subject");
    expect(refusedHtml).toContain("Kept &lt;b&gt;text&lt;/b&gt;");

    const sent = await app.postForm(`${base()}/updates`, { csrf: owner.csrf, subject: "Council vote Tuesday", body: "Please come." }, owner.cookie);
    expect(sent.status).toBe(302);
    expect(sent.location).toBe(`${base()}/updates?sent=1`);

    const mail = await app.mailbox.waitFor((m) => m.subject.endsWith("Council vote Tuesday"));
    expect(mail.to).toEqual(["fan@example.org"]);
    const list = mail.headers.get("list") as { unsubscribe: { url: string }; "unsubscribe-post": { name: string } };
    expect(list["unsubscribe-post"].name).toBe("List-Unsubscribe=One-Click");
    const unsubscribeUrl = list.unsubscribe.url;
    expect(mail.text).toContain(unsubscribeUrl);
    expect(new URL(unsubscribeUrl).origin).toBe(app.url);

    // A second update the same day is refused, the text kept.
    const again = await app.postForm(`${base()}/updates`, { csrf: owner.csrf, subject: "Again", body: "Too soon" }, owner.cookie);
    expect(again.status).toBe(200);
    const againHtml = again.html;
    expect(againHtml).toContain("You can send one update a day");
    expect(againHtml).toContain("Too soon");

    // Opening the link changes nothing; the mail client's one-click POST unsubscribes.
    const page = await get(new URL(unsubscribeUrl).pathname + new URL(unsubscribeUrl).search, undefined, { "accept-language": "es" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Darme de baja");
    const unsubscribed = () =>
      getDb().selectFrom("signatures").select("unsubscribed_at").where("id", "=", fan.id).executeTakeFirstOrThrow();
    expect((await unsubscribed()).unsubscribed_at).toBeNull();
    const oneClick = await app.postForm(unsubscribeUrl, "List-Unsubscribe=One-Click");
    expect(oneClick.status).toBe(200);
    expect((await unsubscribed()).unsubscribed_at).not.toBeNull();

    // The next day's update does not reach them.
    await getDb()
      .updateTable("statement_updates")
      .set({ created_at: sql`created_at - interval '25 hours'`, quiet_until: sql`quiet_until - interval '25 hours'` })
      .execute();
    const next = await app.postForm(`${base()}/updates`, { csrf: owner.csrf, subject: "Next day", body: "Thanks" }, owner.cookie);
    expect(next.location).toBe(`${base()}/updates?sent=0`);
    const rows = await getDb().selectFrom("outbox").select("to_address").where("subject", "like", "%Next day").execute();
    expect(rows).toHaveLength(0);
  });

  it("say plainly when an unsubscribe link is broken", async () => {
    const res = await get("/unsubscribe?token=nope", undefined, { "accept-language": "es-MX,es;q=0.9" });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Este enlace no funciona");
    expect((await app.postForm("/unsubscribe?token=nope", { "List-Unsubscribe": "One-Click" })).status).toBe(404);
    const bodiless = await app.postForm("/unsubscribe?token=nope", "?", { headers: { "content-type": "text/plain" } });
    expect(bodiless.status).toBe(404);
  });
});

describe("discovery", () => {
  it("serves the home page with search, sorting and the feed's link, in Spanish too", async () => {
    const res = await get(`/?q=${encodeURIComponent("hate-free")}&sort=newest`, undefined, { "accept-language": "es" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<link rel="alternate" type="application/atom+xml"');
    expect(html).toContain(c.statement.title);
    expect(html).toMatch(/<a[^>]*aria-current="page"[^>]*>Más recientes<\/a>/);
    expect(html).toContain('name="q"');
    const none = await (await get(`/?q=zzzz-nothing`)).text();
    expect(none).toContain("No open statement matches your search.");
  });

  it("serves an Atom feed", async () => {
    const res = await get("/statements.atom");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    expect(xml).toContain(`<link rel="alternate" type="text/html" href="${app.url}/statements/${c.statement.slug}"/>`);
  });
});
