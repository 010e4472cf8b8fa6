import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createDraft } from "../app/statements/drafts.server";
import { listRecipients } from "../app/statements/organizer-lists.server";
import { useApp } from "./support/app";
import { createJurisdiction, createSession, createStatement, createUser, draftFields } from "./support/factories";
import { escapeHtml, fieldError, type Fields } from "./support/forms";
import { linkIn } from "./support/mail";

const app = useApp({ inProcess: true });


const db = () => getDb();
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function organizer() {
  const user = await createUser();
  const session = await createSession(user.id);
  return { user, ...session };
}

async function draftFor(userId: number) {
  const place = await createJurisdiction();
  const result = await createDraft({ userId, templateId: "hate-free-pledge", jurisdictionId: place.jurisdiction.id });
  if (result.status !== "ok") throw new Error("no draft");
  return { ...place, draft: result.statement };
}

const row = (id: number) => db().selectFrom("statements").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("organizer pages", () => {
  it("send anonymous visitors to sign in, then back", async () => {
    const { user } = await organizer();
    const { draft } = await draftFor(user.id);
    for (const path of ["/organize", "/organize/new", `/organize/statements/${draft.id}`, `/organize/statements/${draft.id}/preview`]) {
      const page = await app.getPage(path);
      expect(page.status, path).toBe(302);
      expect(page.location).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
    const post = await app.postForm(`/organize/statements/${draft.id}`, { intent: "publish", title: "Anonymous" });
    expect(post.location).toMatch(/^\/login\?/);
    expect((await row(draft.id)).title).toBe(draft.title);
  });

  it("answer 404 to another organizer on every route of someone else's draft", async () => {
    const { user } = await organizer();
    const { draft, officials } = await draftFor(user.id);
    const other = await organizer();
    await draftFor(other.user.id);
    const base = `${app.url}/organize/statements/${draft.id}`;
    expect((await app.getPage(base, other.cookie)).status).toBe(404);
    expect((await app.getPage(`${base}/preview`, other.cookie)).status).toBe(404);
    for (const intent of ["save", "preview", "addReason", "publish", "publishSaved", "invite", "copy"]) {
      const res = await app.postForm(base, draftFields(draft, other.csrf, { intent, title: "Taken over", officialIds: officials.map((o) => o.id), email: other.user.email }), other.cookie);
      expect(res.status, intent).toBe(404);
    }
    const after = await row(draft.id);
    expect(after).toMatchObject({ title: draft.title, state: "draft" });
    const mine = await app.getPage("/organize", other.cookie);
    expect(mine.html).not.toContain(`/organize/statements/${draft.id}"`);
  });

  it("refuse a form without the session's CSRF token", async () => {
    const { user, cookie } = await organizer();
    const { draft } = await draftFor(user.id);
    const res = await app.postForm(`/organize/statements/${draft.id}`, draftFields(draft, "forged", { intent: "save", title: "Forged" }), cookie);
    expect(res.status).toBe(403);
    expect((await row(draft.id)).title).toBe(draft.title);
  });

  it("take a new statement from template to published, with its version hash on the manage page", async () => {
    const { cookie, csrf } = await organizer();
    const { jurisdiction, officials } = await createJurisdiction({ name: "City of Oakvale (test)" });
    const created = await app.postForm("/organize/new", { csrf, template: "welcoming-city", jurisdictionId: jurisdiction.id }, cookie);
    expect(created.status).toBe(302);
    const id = Number(created.location!.split("/").pop());
    const draft = await row(id);
    expect(draft.title).toBe("Keep Oakvale a welcoming city for immigrants and refugees");

    const edit = await app.getPage(`/organize/statements/${id}`, cookie);
    expect(edit.html).toContain("Keep Oakvale a welcoming city");
    for (const o of officials) expect(edit.html).toContain(escapeHtml(o.name));

    // "Add another reason" saves and shows one more empty box, without JavaScript.
    const added = await app.postForm(`/organize/statements/${id}`, draftFields(draft, csrf, { intent: "addReason", slug: "" }), cookie);
    expect(added.status).toBe(200);
    expect(added.html).toContain(`id="preamble-${draft.preamble.length}"`);

    const published = await app.postForm(
      `${app.url}/organize/statements/${id}`,
      draftFields(draft, csrf, { intent: "publish", officialIds: officials.slice(0, 2).map((o) => o.id), deadline: day(30) }),
      cookie,
    );
    expect(published.status).toBe(302);
    expect(published.location).toBe(`/organize/statements/${id}?notice=published`);
    const after = await row(id);
    expect(after.state).toBe("open");
    const manage = await app.getPage(`${published.location}`, cookie);
    expect(manage.html).toContain(after.version_hash!);
    expect(manage.html).toContain(`/organize/statements/${id}/delivery`);
    expect(manage.html).toContain(`/statements/${after.slug}`);

    const list = await app.getPage("/organize", cookie);
    expect(list.html).toContain("Open for signatures");
    expect(list.html.replace(/<!-- -->/g, "")).toContain(`<strong>0</strong> verified of a ${after.goal.toLocaleString("en-US")} goal`);
  });

  it("refuse every request that would change a published statement", async () => {
    const { user, cookie, csrf } = await organizer();
    const { jurisdiction, officials } = await createJurisdiction();
    const statement = await createStatement({ ownerId: user.id, jurisdictionId: jurisdiction.id, officialIds: [officials[0].id] });
    const before = await row(statement.id);
    const recipientsBefore = await listRecipients({ statementId: statement.id });
    const base = `${app.url}/organize/statements/${statement.id}`;
    const changed = { title: "Rewritten after publishing", slug: "rewritten", preamble: ["A new reason"], officialIds: officials.map((o) => o.id), goal: "5" };
    for (const intent of ["save", "preview", "addReason", "publish", "publishSaved", "copy"]) {
      const res = await app.postForm(base, draftFields(before, csrf, { intent, ...changed }), cookie);
      expect(res.status, intent).toBe(409);
    }
    // Bad input is not a way around it either.
    expect((await app.postForm(base, draftFields(before, csrf, { intent: "save", goal: "-5" }), cookie)).status).toBe(409);
    const after = await row(statement.id);
    expect(after).toEqual(before);
    expect(await listRecipients({ statementId: statement.id })).toEqual(recipientsBefore);
    // The manage page offers no way to edit it.
    const manage = await app.getPage(base, cookie);
    expect(manage.html).not.toContain('name="title"');
    expect(manage.html).toContain(before.version_hash!);
  });

  it("show the address made from a new title when publishing is refused, and keep it on the next try", async () => {
    const { user, cookie, csrf } = await organizer();
    const { draft, officials } = await draftFor(user.id);
    const base = `${app.url}/organize/statements/${draft.id}`;
    const refused = await app.postForm(base, draftFields(draft, csrf, { intent: "publish", title: "Harbour Town stands together" }), cookie);
    expect(fieldError(refused.html, "officialIds")).toBe("Choose at least one official to deliver to");
    expect(refused.html).toContain('value="harbour-town-stands-together"');
    const saved = await row(draft.id);
    const published = await app.postForm(base, draftFields(saved, csrf, { intent: "publish", officialIds: [officials[0].id] }), cookie);
    expect(published.status).toBe(302);
    expect(await row(draft.id)).toMatchObject({ state: "open", slug: "harbour-town-stands-together" });
  });

  it("copy a closed statement into a new draft", async () => {
    const { user, cookie, csrf } = await organizer();
    const { jurisdiction, officials } = await createJurisdiction();
    const statement = await createStatement({ ownerId: user.id, jurisdictionId: jurisdiction.id, officialIds: [officials[0].id] });
    await db().updateTable("statements").set({ state: "closed", closed_at: sql`now()` }).where("id", "=", statement.id).execute();
    const res = await app.postForm(`/organize/statements/${statement.id}`, { csrf, intent: "copy" }, cookie);
    expect(res.status).toBe(302);
    const copyId = Number(new URL(res.location!, app.url).pathname.split("/").pop());
    expect(await row(copyId)).toMatchObject({ state: "draft", title: statement.title, version_hash: null });
  });
});

describe("bad input", () => {
  let ctx: Awaited<ReturnType<typeof organizer>> & Awaited<ReturnType<typeof draftFor>>;
  let base: string;
  beforeAll(async () => {
    const o = await organizer();
    ctx = { ...o, ...(await draftFor(o.user.id)) };
    base = `${app.url}/organize/statements/${ctx.draft.id}`;
  });
  const submit = (intent: string, changes: Fields) =>
    app.postForm(base, draftFields(ctx.draft, ctx.csrf, { intent, officialIds: [ctx.officials[0].id], ...changes }), ctx.cookie);

  it("refuses an empty title on publishing, beside the field, keeping the rest", async () => {
    const res = await submit("publish", { title: "", summary: "My own summary" });
    expect(res.status).toBe(200);
    expect(fieldError(res.html, "title")).toBe("Give the statement a title");
    expect(res.html).toContain("My own summary");
    expect(res.html).toMatch(/class="error-summary"/);
    expect((await row(ctx.draft.id)).state).toBe("draft");
  });

  it("refuses a 50,000-character reason beside that reason, keeping it", async () => {
    const long = "x".repeat(50_000);
    const res = await submit("save", { preamble: ["A fine reason", long] });
    expect(res.status).toBe(200);
    expect(fieldError(res.html, "preamble-1")).toBe("Each reason must be at most 5,000 characters");
    expect(res.html).toContain(long);
    expect((await row(ctx.draft.id)).preamble).toEqual(ctx.draft.preamble);
  });

  it("refuses a web address another statement has", async () => {
    const other = await draftFor(ctx.user.id);
    const res = await submit("save", { slug: other.draft.slug, title: "Kept title" });
    expect(fieldError(res.html, "slug")).toBe("That web address is taken");
    expect(res.html).toContain(`value="${other.draft.slug}"`);
    expect(res.html).toContain('value="Kept title"');
  });

  it("keeps a script tag in the title as text and refuses to publish it", async () => {
    const title = `<script>document.title="pwned"</script>Hello`;
    const saved = await submit("save", { title, slug: "script-title" });
    expect(saved.status).toBe(302);
    const preview = await app.getPage(`${base}/preview`, ctx.cookie);
    expect(preview.html).toContain(escapeHtml(title));
    expect(preview.html).not.toContain(title);
    const res = await submit("publish", { title, slug: "script-title" });
    expect(fieldError(res.html, "title")).toBe("The title cannot contain HTML tags");
    expect(res.html).toContain(`value="${escapeHtml(title)}"`);
    expect(res.html).not.toContain(title);
    expect((await row(ctx.draft.id)).state).toBe("draft");
  });

  it("refuses a goal of -5", async () => {
    const res = await submit("save", { goal: "-5" });
    expect(fieldError(res.html, "goal")).toBe("The goal must be at least 1");
    expect(res.html).toContain('value="-5"');
  });

  it("refuses a deadline in the past", async () => {
    const past = day(-3);
    const res = await submit("publish", { deadline: past });
    expect(fieldError(res.html, "deadline")).toBe("The deadline must be in the future");
    expect(res.html).toContain(`value="${past}"`);
    expect((await row(ctx.draft.id)).state).toBe("draft");
  });
});

describe("co-organizers", () => {
  it("are invited by email, can manage the statement, and cannot remove its owner", async () => {
    const owner = await organizer();
    const { draft } = await draftFor(owner.user.id);
    const email = `helper-${Date.now()}@example.org`;
    const base = `${app.url}/organize/statements/${draft.id}`;
    const invited = await app.postForm(base, { csrf: owner.csrf, intent: "invite", email }, owner.cookie);
    expect(invited.location).toBe(`/organize/statements/${draft.id}?notice=invited`);
    const mail = await app.mailbox.waitFor((m) => m.to.includes(email));
    // Nothing yet: no account, no access, until the invitee accepts from their inbox.
    expect(await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()).toBeUndefined();
    const link = linkIn(mail, "/organize/invitation");
    const opened = await app.getPage(link);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain(draft.title);
    const accepted = await app.postForm(link, { token: new URL(link).searchParams.get("token")! });
    expect(accepted.status).toBe(200);
    expect(accepted.html).toContain("You now help organize this statement");
    expect(accepted.html).toContain(`/login?redirectTo=${encodeURIComponent(`/organize/statements/${draft.id}`)}`);
    // The link is spent.
    expect((await app.postForm(link, { token: new URL(link).searchParams.get("token")! })).status).toBe(404);

    const bad = await app.postForm(base, { csrf: owner.csrf, intent: "invite", email: "not an address" }, owner.cookie);
    expect(fieldError(bad.html, "email")).toBe("Enter an email address like name@example.org");

    const helperUser = await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    const helper = await createSession(helperUser.id);
    expect((await app.getPage(base, helper.cookie)).status).toBe(200);
    const saved = await app.postForm(base, draftFields(draft, helper.csrf, { intent: "save", summary: "Helped" }), helper.cookie);
    expect(saved.status).toBe(302);
    expect((await row(draft.id)).summary).toBe("Helped");

    const removeOwner = await app.postForm(base, { csrf: helper.csrf, intent: "removeOrganizer", userId: owner.user.id }, helper.cookie);
    expect(removeOwner.status).toBe(200);
    expect(removeOwner.html).toContain("The statement&#x27;s owner cannot be removed.");
    const roles = await db().selectFrom("statement_organizers").select("role").where("statement_id", "=", draft.id).execute();
    expect(roles.map((r) => r.role).sort()).toEqual(["co_organizer", "owner"]);
  });
});
