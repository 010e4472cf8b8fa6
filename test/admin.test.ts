import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createDraft, saveDraft } from "../app/statements/drafts.server";
import { draftSchema } from "../app/statements/draft-input.server";
import { useApp } from "./support/app";
import { createJurisdiction, createSession, createUser } from "./support/factories";
import { escapeHtml, fieldError } from "./support/forms";
import { linkIn } from "./support/mail";

const app = useApp({ inProcess: true, env: { MODERATION: "required", ADMIN_EMAILS: "admin@example.org" } });

let admin: { cookie: string; csrf: string };
let nobody: { cookie: string; csrf: string };
beforeAll(async () => {
  admin = await createSession((await createUser({ email: "admin@example.org" })).id);
  nobody = await createSession((await createUser()).id);
});

const db = () => getDb();

describe("admin pages", () => {
  it("are not there for anyone but platform admins", async () => {
    for (const path of ["/admin/officials", "/admin/moderation"]) {
      expect((await app.getPage(path)).location, path).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
      expect((await app.getPage(path, nobody.cookie)).status, path).toBe(404);
      expect((await app.postForm(path, { csrf: nobody.csrf, intent: "addJurisdiction", jurisdictionName: "Sneaky" }, nobody.cookie)).status).toBe(404);
    }
    expect((await app.getPage("/admin/officials", admin.cookie)).status).toBe(200);
  });
});

describe("officials directory", () => {
  const url = () => `${app.url}/admin/officials`;

  it("adds a city with wards, then adds, edits and retires its officials", async () => {
    const added = await app.postForm(url(), { csrf: admin.csrf, intent: "addJurisdiction", jurisdictionName: "Town of Riverbend", wards: "Ward A\nWard B" }, admin.cookie);
    expect(added.status).toBe(302);
    const j = await db().selectFrom("jurisdictions").select("id").where("name", "=", "Town of Riverbend").executeTakeFirstOrThrow();
    const wards = await db().selectFrom("wards").select(["id", "name"]).where("jurisdiction_id", "=", j.id).orderBy("position").execute();
    expect(wards.map((w) => w.name)).toEqual(["Ward A", "Ward B"]);

    const bad = await app.postForm(url(), { csrf: admin.csrf, intent: "addOfficial", jurisdictionId: j.id, name: "Sam Rivers", office: "ward_councilor", wardId: "", email: "sam@" }, admin.cookie);
    expect(bad.status).toBe(200);
    expect(fieldError(bad.html, "email")).toBe("Enter an email address like name@example.org");
    expect(fieldError(bad.html, "wardId")).toBe(escapeHtml("Choose the councilor's ward"));
    expect(bad.html).toContain('value="Sam Rivers"');

    const ok = await app.postForm(url(), { csrf: admin.csrf, intent: "addOfficial", jurisdictionId: j.id, name: "Sam Rivers", office: "ward_councilor", wardId: wards[0].id, email: "Sam@Example.org" }, admin.cookie);
    expect(ok.status).toBe(302);
    const sam = await db().selectFrom("officials").selectAll().where("jurisdiction_id", "=", j.id).executeTakeFirstOrThrow();
    expect(sam).toMatchObject({ name: "Sam Rivers", email: "sam@example.org", ward_id: wards[0].id, retired_at: null });

    const edited = await app.postForm(url(), { csrf: admin.csrf, intent: "editOfficial", jurisdictionId: j.id, officialId: sam.id, name: "Sam Rivers-Lee", office: "at_large_councilor", wardId: "", email: "sam@example.org" }, admin.cookie);
    expect(edited.status).toBe(302);

    // Retired officials are no longer offered to organizers.
    const organizer = await createUser();
    const session = await createSession(organizer.id);
    const draft = await createDraft({ userId: organizer.id, templateId: "blank", jurisdictionId: j.id });
    if (draft.status !== "ok") throw new Error("no draft");
    const editUrl = `${app.url}/organize/statements/${draft.statement.id}`;
    expect((await app.getPage(editUrl, session.cookie)).html).toContain("Sam Rivers-Lee");
    await app.postForm(url(), { csrf: admin.csrf, intent: "retire", jurisdictionId: j.id, officialId: sam.id }, admin.cookie);
    expect((await app.getPage(editUrl, session.cookie)).html).not.toContain("Sam Rivers-Lee");
    const listed = await app.getPage(`${url()}?j=${j.id}`, admin.cookie);
    expect(listed.html).toContain("Retired");
  });

  it("imports a CSV, listing every bad row and importing nothing until all are fixed", async () => {
    const { jurisdiction } = await createJurisdiction({ wards: 2 });
    const before = await db().selectFrom("officials").select("id").where("jurisdiction_id", "=", jurisdiction.id).execute();
    const csv = ["name,office,ward,email", "Ada Good,at-large councilor,,ada@example.org", "Bo Bad,ward councilor,Ward 9,bo@example.org", "Cy Worse,mayor,,cy-at-nowhere"].join("\n");
    const refused = await app.postForm("/admin/officials", { csrf: admin.csrf, intent: "import", jurisdictionId: jurisdiction.id, csv }, admin.cookie);
    expect(refused.status).toBe(200);
    const text = refused.html.replace(/<!-- -->/g, "");
    expect(text).toContain(`Row 3: ward: there is no ward named ${escapeHtml("“Ward 9”")} in this jurisdiction`);
    expect(text).toContain("Row 4: email: Enter an email address like name@example.org");
    expect(text).toContain("ada@example.org"); // the pasted CSV is kept
    expect(await db().selectFrom("officials").select("id").where("jurisdiction_id", "=", jurisdiction.id).execute()).toHaveLength(before.length);

    // The same file as an upload, fixed.
    const fixed = ["name,office,ward,email", "Ada Good,at-large councilor,,ada@example.org", "Bo Fixed,ward councilor,Ward 2,bo@example.org"].join("\n");
    const body = new FormData();
    body.append("csrf", admin.csrf);
    body.append("intent", "import");
    body.append("jurisdictionId", String(jurisdiction.id));
    body.append("file", new Blob([fixed], { type: "text/csv" }), "officials.csv");
    const res = await app.fetch("/admin/officials", { method: "POST", body, headers: { cookie: admin.cookie } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("added=2");
    const emails = (await db().selectFrom("officials").select("email").where("jurisdiction_id", "=", jurisdiction.id).execute()).map((o) => o.email);
    expect(emails).toEqual(expect.arrayContaining(["ada@example.org", "bo@example.org"]));
  });
});

describe("moderation (MODERATION=required)", () => {
  it("holds a published statement for review; the organizer is emailed when it is rejected and when it is approved", async () => {
    const owner = await createUser();
    const session = await createSession(owner.id);
    const { jurisdiction, officials } = await createJurisdiction();
    const created = await createDraft({ userId: owner.id, templateId: "hate-free-pledge", jurisdictionId: jurisdiction.id });
    if (created.status !== "ok") throw new Error("no draft");
    const s = created.statement;
    await saveDraft({
      statementId: s.id,
      userId: owner.id,
      draft: draftSchema.parse({ title: s.title, slug: s.slug, summary: s.summary, preamble: s.preamble, callToResidents: s.call_to_residents, askOfOfficials: s.ask_of_officials, pledge: s.pledge, goal: "50", deadline: "", askWard: true, deliveryTrigger: "manual", keepCollecting: false, jurisdictionId: String(jurisdiction.id), officialIds: [String(officials[0].id)] }),
    });
    const manage = `${app.url}/organize/statements/${s.id}`;
    const published = await app.postForm(manage, { csrf: session.csrf, intent: "publishSaved" }, session.cookie);
    expect(published.status).toBe(302);
    expect((await db().selectFrom("statements").select("state").where("id", "=", s.id).executeTakeFirstOrThrow()).state).toBe("in_review");
    await app.mailbox.waitFor((m) => m.to.includes("admin@example.org") && m.subject === "A statement is waiting for review");

    const queue = await app.getPage("/admin/moderation", admin.cookie);
    expect(queue.html).toContain(escapeHtml(s.title));

    const noReason = await app.postForm("/admin/moderation", { csrf: admin.csrf, statementId: s.id, decision: "reject", reason: "  " }, admin.cookie);
    expect(noReason.status).toBe(200);
    expect(fieldError(noReason.html, `reason-${s.id}`)).toBe("Say why, so the organizer can fix it");

    const rejected = await app.postForm("/admin/moderation", { csrf: admin.csrf, statementId: s.id, decision: "reject", reason: "Please name the officials." }, admin.cookie);
    expect(rejected.status).toBe(302);
    const rejection = await app.mailbox.waitFor((m) => m.to.includes(owner.email) && /needs changes/.test(m.subject));
    expect(rejection.text).toContain("Please name the officials.");
    expect(linkIn(rejection, "/organize/statements/")).toBe(manage);
    expect((await app.getPage(manage, session.cookie)).html).toContain("Please name the officials.");

    // Published again, this time it is approved.
    await app.postForm(manage, { csrf: session.csrf, intent: "publishSaved" }, session.cookie);
    const approved = await app.postForm("/admin/moderation", { csrf: admin.csrf, statementId: s.id, decision: "approve" }, admin.cookie);
    expect(approved.status).toBe(302);
    const approval = await app.mailbox.waitFor((m) => m.to.includes(owner.email) && /open for signatures/.test(m.subject));
    expect(linkIn(approval, "/statements/")).toBe(`${app.url}/statements/${s.slug}`);
    expect((await db().selectFrom("statements").select("state").where("id", "=", s.id).executeTakeFirstOrThrow()).state).toBe("open");

    const again = await app.postForm("/admin/moderation", { csrf: admin.csrf, statementId: s.id, decision: "approve" }, admin.cookie);
    expect(again.html).toContain("no longer waiting for review");
  });
});
