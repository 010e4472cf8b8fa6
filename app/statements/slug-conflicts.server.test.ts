import { describe, expect, it } from "vitest";
import { createOpenStatement } from "../../test/support/factories";
import { postedDraft as posted, startDraft } from "../../test/support/draft-factories";
import { inviteAndAccept } from "../../test/support/invitations";
import { SLUG_TAKEN } from "./draft-form";
import { saveDraft } from "./drafts.server";

// The attack: probing web addresses to learn what other organizers are
// preparing. "That address is taken" must not confirm an unpublished draft.

const unique = () => Math.random().toString(36).slice(2, 8);

describe("a web address another organizer's draft holds", () => {
  it("is given a number silently, exactly as if the draft did not exist", async () => {
    const victim = await startDraft();
    const secret = `secret-campaign-${unique()}`;
    const hidden = await saveDraft({ statementId: victim.draft.id, userId: victim.owner.id, draft: posted(victim.draft, { slug: secret }) });
    expect(hidden.status === "ok" && hidden.statement.slug).toBe(secret);

    const prober = await startDraft();
    const probe = await saveDraft({ statementId: prober.draft.id, userId: prober.owner.id, draft: posted(prober.draft, { slug: secret }) });
    expect(probe.status).toBe("ok");
    expect(probe.status === "ok" && probe.statement.slug).toBe(`${secret}-2`);
    // The victim's draft keeps its address.
    const again = await saveDraft({ statementId: victim.draft.id, userId: victim.owner.id, draft: posted(victim.draft, { slug: secret, summary: "Still mine" }) });
    expect(again.status === "ok" && again.statement.slug).toBe(secret);
  });

  it("is refused as taken only where the organizer could see the holder: a published statement, or a draft they organize too", async () => {
    const { statement } = await createOpenStatement();
    const prober = await startDraft();
    expect(await saveDraft({ statementId: prober.draft.id, userId: prober.owner.id, draft: posted(prober.draft, { slug: statement.slug }) })).toEqual({
      status: "invalid",
      errors: { slug: SLUG_TAKEN },
    });

    const team = await startDraft();
    const shared = `team-draft-${unique()}`;
    await saveDraft({ statementId: team.draft.id, userId: team.owner.id, draft: posted(team.draft, { slug: shared }) });
    const mine = await startDraft();
    await inviteAndAccept({ statementId: team.draft.id, invitedBy: team.owner, email: mine.owner.email });
    expect(await saveDraft({ statementId: mine.draft.id, userId: mine.owner.id, draft: posted(mine.draft, { slug: shared }) })).toEqual({
      status: "invalid",
      errors: { slug: SLUG_TAKEN },
    });
  });

  it("numbers a long title's address past every collision (the third draft of one long title is saved too)", async () => {
    const title = `An unusually long title for a statement that goes on and on ${unique()} until the address must be shortened`;
    const slugs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { owner, draft } = await startDraft();
      const saved = await saveDraft({ statementId: draft.id, userId: owner.id, draft: posted(draft, { title }) });
      if (saved.status !== "ok") throw new Error(JSON.stringify(saved.errors));
      slugs.push(saved.statement.slug);
    }
    expect(new Set(slugs).size).toBe(3);
  });
});
