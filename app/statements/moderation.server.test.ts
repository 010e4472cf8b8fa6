import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createUser } from "../../test/support/factories";
import { postedDraft as posted, startDraft as setup } from "../../test/support/draft-factories";
import { inviteAndAccept } from "../../test/support/invitations";
import { listModerationQueue, reviewStatement } from "./moderation.server";
import { publishDraft } from "./publish.server";

const outboxTo = (to: string, kind: string) =>
  getDb().selectFrom("outbox").select(["subject", "text_body"]).where("to_address", "=", to).where("kind", "=", kind).execute();

describe("moderation", () => {
  it("queues published statements, tells admins, and emails organizers the decision", async () => {
    const { owner, draft, officials } = await setup();
    const helper = await createUser();
    await inviteAndAccept({ statementId: draft.id, invitedBy: owner, email: helper.email });
    const ids = [String(officials[0].id)];
    const first = await publishDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { officialIds: ids }), moderation: "required" });
    expect(first.status === "ok" && first.statement.state).toBe("in_review");
    expect((await listModerationQueue()).map((s) => s.id)).toContain(draft.id);
    expect(await outboxTo("admin@example.org", "moderation_requested")).not.toHaveLength(0);

    const admin = await createUser();
    const rejected = await reviewStatement({ statementId: draft.id, reviewerId: admin.id, decision: "reject", reason: "Please name the officials in the ask." });
    expect(rejected.status === "ok" && rejected.statement).toMatchObject({ state: "rejected", rejection_reason: "Please name the officials in the ask." });
    for (const to of [owner.email, helper.email]) {
      const [mail] = await outboxTo(to, "moderation_rejected");
      expect(mail.text_body).toContain("Please name the officials in the ask.");
    }
    expect(await reviewStatement({ statementId: draft.id, reviewerId: admin.id, decision: "approve" })).toEqual({ status: "gone" });

    // Rejected statements can be changed and published again.
    const again = await publishDraft({ statementId: draft.id, userId: helper.id, draft: posted(draft, { officialIds: ids, askOfOfficials: "We ask Mayor Test to affirm it." }), moderation: "required" });
    expect(again.status === "ok" && again.statement.state).toBe("in_review");
    const approved = await reviewStatement({ statementId: draft.id, reviewerId: admin.id, decision: "approve" });
    expect(approved.status === "ok" && approved.statement).toMatchObject({ state: "open", rejection_reason: null, reviewed_by: admin.id });
    expect((await outboxTo(owner.email, "moderation_approved"))[0].text_body).toContain(`/statements/${draft.slug}`);
  });

  it("tells admins in the publishing organizer's language (admins have no stored one)", async () => {
    const { owner, draft, officials } = await setup();
    await getDb().deleteFrom("outbox").where("kind", "=", "moderation_requested").execute();
    const published = await publishDraft({
      statementId: draft.id,
      userId: owner.id,
      draft: posted(draft, { officialIds: [String(officials[0].id)] }),
      moderation: "required",
      locale: "es",
    });
    expect(published.status).toBe("ok");
    const [mail] = await outboxTo("admin@example.org", "moderation_requested");
    expect(mail.subject).toBe("Una declaración espera revisión");
  });
});
