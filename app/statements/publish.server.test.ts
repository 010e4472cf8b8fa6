import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { postedDraft as posted, startDraft as setup } from "../../test/support/draft-factories";
import { sha256Hex } from "~/utils/crypto.server";
import { saveDraft } from "./drafts.server";
import { publishDraft } from "./publish.server";

const db = () => getDb();

describe("publishing", () => {
  it("names every problem and keeps the saved draft", async () => {
    const { owner, draft } = await setup();
    const result = await publishDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { title: "", summary: "Changed summary" }), moderation: "off" });
    expect(result).toMatchObject({ status: "invalid", errors: { title: "draft.error.title.required", officialIds: "draft.error.officialIds.required" } });
    expect(result.status === "invalid" && result.statement?.summary).toBe("Changed summary");
    const row = await db().selectFrom("statements").select(["state", "summary", "version_hash"]).where("id", "=", draft.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: "draft", summary: "Changed summary", version_hash: null });
  });

  it("opens the statement under the SHA-256 of its canonical text", async () => {
    const { owner, draft, officials } = await setup();
    const result = await publishDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { officialIds: officials.map((o) => String(o.id)) }), moderation: "off" });
    if (result.status !== "ok") throw new Error(JSON.stringify(result.errors));
    expect(result.statement.state).toBe("open");
    expect(result.statement.canonical_text).toContain(`Title: ${draft.title}`);
    expect(result.statement.version_hash).toBe(sha256Hex(result.statement.canonical_text!));
  });

  it("locks the text for good: the domain and the database both refuse changes", async () => {
    const { owner, draft, officials } = await setup();
    await publishDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { officialIds: [String(officials[0].id)] }), moderation: "off" });
    await expect(saveDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { title: "Rewritten" }) })).rejects.toMatchObject({ kind: "conflict" });
    await expect(publishDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { title: "Rewritten" }) })).rejects.toMatchObject({ kind: "conflict" });
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
    if (saved.status === "rejected") expect(saved.reason).toMatchObject({ kind: "conflict" });
    expect(row.canonical_text).toContain(`Title: ${row.title}`);
    expect(row.version_hash).toBe(sha256Hex(row.canonical_text!));
  });
});
