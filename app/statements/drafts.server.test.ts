import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createJurisdiction, createUser } from "../../test/support/factories";
import { postedDraft as posted, startDraft as setup } from "../../test/support/draft-factories";
import { inviteAndAccept } from "../../test/support/invitations";
import { inviteCoOrganizer, listOrganizers, removeCoOrganizer } from "~/organizers/co-organizers.server";
import { SLUG_TAKEN } from "./draft-form";
import { copyStatement, createDraft, saveDraft } from "./drafts.server";
import { listOrganizerStatements, listRecipients } from "./organizer-lists.server";
import { publishDraft } from "./publish.server";

const db = () => getDb();

describe("drafts", () => {
  it("start from a template with the place's name, owned by their creator", async () => {
    const { owner, draft, jurisdiction } = await setup();
    expect(draft.state).toBe("draft");
    expect(draft.title).toMatch(/^Brookfield \w+ is a hate-free community$/);
    expect(draft.preamble.length).toBeGreaterThan(1);
    expect(draft.jurisdiction_id).toBe(jurisdiction.id);
    expect(await listOrganizers({ statementId: draft.id })).toMatchObject([{ id: owner.id, role: "owner" }]);
  });

  it("get a web address of their own when the template's is taken", async () => {
    const { owner, jurisdiction, draft } = await setup();
    const second = await createDraft({ userId: owner.id, templateId: "hate-free-pledge", jurisdictionId: jurisdiction.id });
    expect(second.status === "ok" && second.statement.slug).toBe(`${draft.slug}-2`);
    const blank = await createDraft({ userId: owner.id, templateId: "blank", jurisdictionId: jurisdiction.id });
    expect(blank.status === "ok" && blank.statement.title).toBe("");
  });

  it("derive the web address from the title when it is left empty, and refuse one their own statement holds", async () => {
    const { owner, draft } = await setup();
    const other = await setup();
    const saved = await saveDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { title: "Neighbours Together" }) });
    expect(saved.status === "ok" && saved.statement.slug).toBe("neighbours-together");
    const second = await createDraft({ userId: owner.id, templateId: "blank", jurisdictionId: draft.jurisdiction_id });
    if (second.status !== "ok") throw new Error("no draft");
    const taken = await saveDraft({ statementId: second.statement.id, userId: owner.id, draft: posted(second.statement, { slug: "neighbours-together" }) });
    expect(taken).toEqual({ status: "invalid", errors: { slug: SLUG_TAKEN } });
    const derived = await saveDraft({ statementId: other.draft.id, userId: other.owner.id, draft: posted(other.draft, { title: "Neighbours together!" }) });
    expect(derived.status === "ok" && derived.statement.slug).toBe("neighbours-together-2");
  });

  it("move a web address the app made when the title changes, but never one the organizer chose", async () => {
    const { owner, draft } = await setup();
    const renamed = await saveDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { slug: draft.slug, title: "Brookfield stands together" }) });
    expect(renamed.status === "ok" && renamed.statement.slug).toBe("brookfield-stands-together");
    if (renamed.status !== "ok") return;
    const chosen = await saveDraft({ statementId: draft.id, userId: owner.id, draft: posted(renamed.statement, { slug: "our-pledge" }) });
    if (chosen.status !== "ok") throw new Error("not saved");
    const retitled = await saveDraft({ statementId: draft.id, userId: owner.id, draft: posted(chosen.statement, { slug: "our-pledge", title: "Another title" }) });
    expect(retitled.status === "ok" && retitled.statement.slug).toBe("our-pledge");
  });

  it("keep only current officials of their own jurisdiction", async () => {
    const { owner, draft, officials } = await setup();
    const elsewhere = await createJurisdiction();
    const [mayor, councilor, retired] = officials;
    await db().updateTable("officials").set({ retired_at: sql`now()` }).where("id", "=", retired.id).execute();
    const ids = [mayor.id, councilor.id, retired.id, elsewhere.officials[0].id].map(String);
    await saveDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { officialIds: ids }) });
    expect((await listRecipients({ statementId: draft.id })).map((r) => r.id).sort()).toEqual([mayor.id, councilor.id].sort());
  });

  it("are invisible to anyone who does not organize them", async () => {
    const { draft } = await setup();
    const stranger = await createUser();
    await expect(saveDraft({ statementId: draft.id, userId: stranger.id, draft: posted(draft, { title: "Mine now" }) })).rejects.toMatchObject({ kind: "not_found" });
    await expect(publishDraft({ statementId: draft.id, userId: stranger.id })).rejects.toMatchObject({ kind: "not_found" });
    await expect(copyStatement({ statementId: draft.id, userId: stranger.id })).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("copies", () => {
  it("turn a closed statement into a new draft with its words and officials", async () => {
    const { owner, draft, officials } = await setup();
    await publishDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { officialIds: officials.map((o) => String(o.id)), deadline: new Date(Date.now() + 86_400_000 * 3).toISOString().slice(0, 10) }), moderation: "off" });
    await expect(copyStatement({ statementId: draft.id, userId: owner.id })).rejects.toMatchObject({ kind: "conflict" });
    await db().updateTable("statements").set({ state: "closed", closed_at: sql`now()` }).where("id", "=", draft.id).execute();
    const copy = await copyStatement({ statementId: draft.id, userId: owner.id });
    expect(copy).toMatchObject({ state: "draft", title: draft.title, preamble: draft.preamble, version_hash: null, deadline: null });
    expect(copy.slug).not.toBe(draft.slug);
    expect((await listRecipients({ statementId: copy.id })).length).toBe(officials.length);
    const saved = await saveDraft({ statementId: copy.id, userId: owner.id, draft: posted(copy, { title: "Second round" }) });
    expect(saved.status).toBe("ok");
  });
});

describe("co-organizers", () => {
  it("are invited by email, may manage the statement, and cannot remove its owner", async () => {
    const { owner, draft } = await setup();
    const email = `new-helper-${Date.now()}@example.org`;
    await inviteAndAccept({ statementId: draft.id, invitedBy: owner, email });
    expect(await inviteCoOrganizer({ statementId: draft.id, invitedBy: owner, email })).toMatchObject({ ok: false, errors: { email: "invite.error.already" } });

    const helper = await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    expect((await listOrganizerStatements({ userId: helper.id })).map((s) => [s.id, s.role])).toEqual([[draft.id, "co_organizer"]]);
    const saved = await saveDraft({ statementId: draft.id, userId: helper.id, draft: posted(draft, { summary: "Edited by a helper" }) });
    expect(saved.status).toBe("ok");

    expect(await removeCoOrganizer({ statementId: draft.id, userId: owner.id })).toMatchObject({ ok: false });
    expect((await listOrganizers({ statementId: draft.id })).map((o) => o.role)).toEqual(["owner", "co_organizer"]);
    expect(await removeCoOrganizer({ statementId: draft.id, userId: helper.id })).toEqual({ ok: true });
  });
});
