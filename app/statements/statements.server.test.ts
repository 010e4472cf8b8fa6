import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createJurisdiction, createStatement, createUser } from "../../test/support/factories";
import { sha256Hex } from "~/utils/crypto.server";
import { inviteCoOrganizer, listOrganizers, removeCoOrganizer } from "~/organizers/co-organizers.server";
import { draftSchema, NO_TRANSLATION, SLUG_TAKEN, type DraftFormValues } from "./statements";
import {
  copyStatement,
  createDraft,
  listModerationQueue,
  listOrganizerStatements,
  listRecipients,
  publishDraft,
  reviewStatement,
  saveDraft,
  StatementNotCopyable,
  StatementNotEditable,
} from "./statements.server";

const db = () => getDb();

async function setup() {
  const owner = await createUser();
  const place = await createJurisdiction({ name: `City of Brookfield ${Math.random().toString(36).slice(2, 7)} (test)` });
  const result = await createDraft({ userId: owner.id, templateId: "hate-free-pledge", jurisdictionId: place.jurisdiction.id });
  if (!result.ok) throw new Error("no draft");
  return { owner, ...place, draft: result.statement };
}

/** The stored draft as the form would post it, with changes. */
function posted(statement: { title: string; summary: string; preamble: string[]; call_to_residents: string; ask_of_officials: string; pledge: string; jurisdiction_id: number }, changes: Partial<DraftFormValues> = {}) {
  return draftSchema.parse({
    title: statement.title,
    slug: "",
    summary: statement.summary,
    preamble: statement.preamble,
    callToResidents: statement.call_to_residents,
    askOfOfficials: statement.ask_of_officials,
    pledge: statement.pledge,
    goal: "100",
    deadline: "",
    askWard: true,
    deliveryTrigger: "manual",
    keepCollecting: false,
    jurisdictionId: String(statement.jurisdiction_id),
    officialIds: [],
    ...NO_TRANSLATION,
    ...changes,
  } satisfies DraftFormValues);
}

const outboxTo = (to: string, kind: string) =>
  db().selectFrom("outbox").select(["subject", "text_body"]).where("to_address", "=", to).where("kind", "=", kind).execute();

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
    expect(second.ok && second.statement.slug).toBe(`${draft.slug}-2`);
    const blank = await createDraft({ userId: owner.id, templateId: "blank", jurisdictionId: jurisdiction.id });
    expect(blank.ok && blank.statement.title).toBe("");
  });

  it("derive the web address from the title when it is left empty, and refuse one that is taken", async () => {
    const { owner, draft } = await setup();
    const other = await setup();
    const saved = await saveDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { title: "Neighbours Together" }) });
    expect(saved.ok && saved.statement.slug).toBe("neighbours-together");
    const taken = await saveDraft({ statementId: other.draft.id, userId: other.owner.id, draft: posted(other.draft, { slug: "neighbours-together" }) });
    expect(taken).toEqual({ ok: false, errors: { slug: SLUG_TAKEN } });
    const derived = await saveDraft({ statementId: other.draft.id, userId: other.owner.id, draft: posted(other.draft, { title: "Neighbours together!" }) });
    expect(derived.ok && derived.statement.slug).toBe("neighbours-together-2");
  });

  it("move a web address the app made when the title changes, but never one the organizer chose", async () => {
    const { owner, draft } = await setup();
    const renamed = await saveDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { slug: draft.slug, title: "Brookfield stands together" }) });
    expect(renamed.ok && renamed.statement.slug).toBe("brookfield-stands-together");
    if (!renamed.ok) return;
    const chosen = await saveDraft({ statementId: draft.id, userId: owner.id, draft: posted(renamed.statement, { slug: "our-pledge" }) });
    if (!chosen.ok) throw new Error("not saved");
    const retitled = await saveDraft({ statementId: draft.id, userId: owner.id, draft: posted(chosen.statement, { slug: "our-pledge", title: "Another title" }) });
    expect(retitled.ok && retitled.statement.slug).toBe("our-pledge");
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
    await expect(saveDraft({ statementId: draft.id, userId: stranger.id, draft: posted(draft, { title: "Mine now" }) })).rejects.toMatchObject({ status: 404 });
    await expect(publishDraft({ statementId: draft.id, userId: stranger.id })).rejects.toMatchObject({ status: 404 });
    await expect(copyStatement({ statementId: draft.id, userId: stranger.id })).rejects.toMatchObject({ status: 404 });
  });
});

describe("publishing", () => {
  it("names every problem and keeps the saved draft", async () => {
    const { owner, draft } = await setup();
    const result = await publishDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { title: "", summary: "Changed summary" }), moderation: "off" });
    expect(result).toMatchObject({ ok: false, errors: { title: "draft.error.title.required", officialIds: "draft.error.officialIds.required" } });
    expect(result.ok === false && result.statement?.summary).toBe("Changed summary");
    const row = await db().selectFrom("statements").select(["state", "summary", "version_hash"]).where("id", "=", draft.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: "draft", summary: "Changed summary", version_hash: null });
  });

  it("opens the statement under the SHA-256 of its canonical text", async () => {
    const { owner, draft, officials } = await setup();
    const result = await publishDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { officialIds: officials.map((o) => String(o.id)) }), moderation: "off" });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.statement.state).toBe("open");
    expect(result.statement.canonical_text).toContain(`Title: ${draft.title}`);
    expect(result.statement.version_hash).toBe(sha256Hex(result.statement.canonical_text!));
  });

  it("locks the text for good: the domain and the database both refuse changes", async () => {
    const { owner, draft, officials } = await setup();
    await publishDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { officialIds: [String(officials[0].id)] }), moderation: "off" });
    await expect(saveDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { title: "Rewritten" }) })).rejects.toBeInstanceOf(StatementNotEditable);
    await expect(publishDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { title: "Rewritten" }) })).rejects.toBeInstanceOf(StatementNotEditable);
    for (const change of [{ title: "Rewritten" }, { pledge: "Something else" }, { preamble: ["New reason"] }, { slug: "moved" }, { version_hash: "0".repeat(64) }]) {
      await expect(db().updateTable("statements").set(change).where("id", "=", draft.id).execute()).rejects.toThrow(/its text cannot change/);
    }
    await expect(db().insertInto("statement_officials").values({ statement_id: draft.id, official_id: officials[1].id }).execute()).rejects.toThrow(/officials cannot change/);
    await expect(db().deleteFrom("statement_officials").where("statement_id", "=", draft.id).execute()).rejects.toThrow(/officials cannot change/);
    // Its lifecycle still moves on.
    await db().updateTable("statements").set({ state: "closed", closed_at: sql`now()` }).where("id", "=", draft.id).execute();
    const row = await db().selectFrom("statements").select(["title", "state"]).where("id", "=", draft.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: draft.title, state: "closed" });
  });

  it("never lets a save racing a publish change what was published", async () => {
    const { owner, draft, officials } = await setup();
    const ids = officials.map((o) => String(o.id));
    await saveDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { officialIds: ids }) });
    const [published, saved] = await Promise.allSettled([
      publishDraft({ statementId: draft.id, userId: owner.id, moderation: "off" }),
      saveDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { title: "Racing title", officialIds: ids }) }),
    ]);
    expect(published.status).toBe("fulfilled");
    const row = await db().selectFrom("statements").select(["title", "canonical_text", "version_hash"]).where("id", "=", draft.id).executeTakeFirstOrThrow();
    if (saved.status === "rejected") expect(saved.reason).toBeInstanceOf(StatementNotEditable);
    expect(row.canonical_text).toContain(`Title: ${row.title}`);
    expect(row.version_hash).toBe(sha256Hex(row.canonical_text!));
  });
});

describe("moderation", () => {
  it("queues published statements, tells admins, and emails organizers the decision", async () => {
    const { owner, draft, officials } = await setup();
    const helper = await createUser();
    await inviteCoOrganizer({ statementId: draft.id, invitedBy: owner, email: helper.email });
    const ids = [String(officials[0].id)];
    const first = await publishDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { officialIds: ids }), moderation: "required" });
    expect(first.ok && first.statement.state).toBe("in_review");
    expect((await listModerationQueue()).map((s) => s.id)).toContain(draft.id);
    expect(await outboxTo("admin@example.org", "moderation_requested")).not.toHaveLength(0);

    const admin = await createUser();
    const rejected = await reviewStatement({ statementId: draft.id, reviewerId: admin.id, decision: "reject", reason: "Please name the officials in the ask." });
    expect(rejected.ok && rejected.statement).toMatchObject({ state: "rejected", rejection_reason: "Please name the officials in the ask." });
    for (const to of [owner.email, helper.email]) {
      const [mail] = await outboxTo(to, "moderation_rejected");
      expect(mail.text_body).toContain("Please name the officials in the ask.");
    }
    expect(await reviewStatement({ statementId: draft.id, reviewerId: admin.id, decision: "approve" })).toMatchObject({ ok: false });

    // Rejected statements can be changed and published again.
    const again = await publishDraft({ statementId: draft.id, userId: helper.id, draft: posted(draft, { officialIds: ids, askOfOfficials: "We ask Mayor Test to affirm it." }), moderation: "required" });
    expect(again.ok && again.statement.state).toBe("in_review");
    const approved = await reviewStatement({ statementId: draft.id, reviewerId: admin.id, decision: "approve" });
    expect(approved.ok && approved.statement).toMatchObject({ state: "open", rejection_reason: null, reviewed_by: admin.id });
    expect((await outboxTo(owner.email, "moderation_approved"))[0].text_body).toContain(`/statements/${draft.slug}`);
  });
});

describe("copies", () => {
  it("turn a closed statement into a new draft with its words and officials", async () => {
    const { owner, draft, officials } = await setup();
    await publishDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { officialIds: officials.map((o) => String(o.id)), deadline: new Date(Date.now() + 86_400_000 * 3).toISOString().slice(0, 10) }), moderation: "off" });
    await expect(copyStatement({ statementId: draft.id, userId: owner.id })).rejects.toBeInstanceOf(StatementNotCopyable);
    await db().updateTable("statements").set({ state: "closed", closed_at: sql`now()` }).where("id", "=", draft.id).execute();
    const copy = await copyStatement({ statementId: draft.id, userId: owner.id });
    expect(copy).toMatchObject({ state: "draft", title: draft.title, preamble: draft.preamble, version_hash: null, deadline: null });
    expect(copy.slug).not.toBe(draft.slug);
    expect((await listRecipients({ statementId: copy.id })).length).toBe(officials.length);
    const saved = await saveDraft({ statementId: copy.id, userId: owner.id, draft: posted(copy, { title: "Second round" }) });
    expect(saved.ok).toBe(true);
  });
});

describe("co-organizers", () => {
  it("are invited by email, may manage the statement, and cannot remove its owner", async () => {
    const { owner, draft } = await setup();
    const email = `new-helper-${Date.now()}@example.org`;
    expect(await inviteCoOrganizer({ statementId: draft.id, invitedBy: owner, email })).toEqual({ ok: true });
    const [mail] = await outboxTo(email, "organizer_invite");
    expect(mail.text_body).toContain(`/login?redirectTo=${encodeURIComponent(`/organize/statements/${draft.id}`)}`);
    expect(await inviteCoOrganizer({ statementId: draft.id, invitedBy: owner, email })).toMatchObject({ ok: false });

    const helper = await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    expect((await listOrganizerStatements({ userId: helper.id })).map((s) => [s.id, s.role])).toEqual([[draft.id, "co_organizer"]]);
    const saved = await saveDraft({ statementId: draft.id, userId: helper.id, draft: posted(draft, { summary: "Edited by a helper" }) });
    expect(saved.ok).toBe(true);

    expect(await removeCoOrganizer({ statementId: draft.id, userId: owner.id })).toMatchObject({ ok: false });
    expect((await listOrganizers({ statementId: draft.id })).map((o) => o.role)).toEqual(["owner", "co_organizer"]);
    expect(await removeCoOrganizer({ statementId: draft.id, userId: helper.id })).toEqual({ ok: true });
  });
});

describe("my statements", () => {
  it("shows each statement's verified count as the sum of its shards", async () => {
    const owner = await createUser();
    const { jurisdiction, officials } = await createJurisdiction();
    const open = await createStatement({ ownerId: owner.id, jurisdictionId: jurisdiction.id, officialIds: [officials[0].id], goal: 40 });
    await db().updateTable("statement_count_shards").set({ verified: sql`shard + 1` }).where("statement_id", "=", open.id).execute();
    const shards = await db().selectFrom("statement_count_shards").select("verified").where("statement_id", "=", open.id).execute();
    const list = await listOrganizerStatements({ userId: owner.id });
    expect(list).toMatchObject([{ id: open.id, state: "open", goal: 40, verified: shards.reduce((n, s) => n + s.verified, 0) }]);
  });
});
