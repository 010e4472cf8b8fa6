import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { listOrganizerStatements } from "~/statements/organizer-lists.server";
import { saveDraft } from "~/statements/drafts.server";
import { useApp } from "./support/app";
import { postedDraft, startDraft } from "./support/draft-factories";
import { createSession, createUser } from "./support/factories";
import { invitationLink } from "./support/invitations";
import { tokenOf } from "./support/signature-factories";

// The attack: an organizer (anyone can be one) "adds" a stranger as a
// co-organizer to send them words of the attacker's choosing from our
// address, or to attach them to a statement they never agreed to.

const app = useApp({ inProcess: true });
const db = () => getDb();
const LURE = "URGENT call 555-0100 or visit evil.example to keep your benefits";

async function attackerDraft() {
  const { owner, draft } = await startDraft();
  const saved = await saveDraft({ statementId: draft.id, userId: owner.id, draft: postedDraft(draft, { title: LURE }) });
  if (saved.status !== "ok") throw new Error(`not saved: ${JSON.stringify(saved.errors)}`);
  const session = await createSession(owner.id);
  return { owner, draft: saved.statement, session };
}

describe("co-organizer invitations", () => {
  it("carry no word the inviter wrote, and give no access until the invitee accepts", async () => {
    const { owner, draft, session } = await attackerDraft();
    const victim = await createUser({ email: `victim-${Date.now()}@example.org` });
    const victimSession = await createSession(victim.id);
    const page = `/organize/statements/${draft.id}`;
    const invited = await app.postForm(page, { csrf: session.csrf, intent: "invite", email: victim.email }, session.cookie);
    expect(invited.location).toBe(`${page}?notice=invited`);

    const mail = await app.mailbox.waitFor((m) => m.to.includes(victim.email));
    expect(mail.text).not.toContain("555-0100");
    expect(mail.text).not.toContain("evil.example");
    expect(mail.subject).not.toContain("URGENT");
    expect(mail.text).not.toContain(owner.email);
    expect(mail.text).toContain("Nothing happens unless you accept");

    // Not an organizer: the page is not theirs, their list does not show it.
    expect((await app.getPage(page, victimSession.cookie)).status).toBe(404);
    expect((await listOrganizerStatements({ userId: victim.id })).map((s) => s.id)).not.toContain(draft.id);
    expect(await db().selectFrom("statement_organizers").select("user_id").where("statement_id", "=", draft.id).execute()).toEqual([{ user_id: owner.id }]);

    // Opening the link (as a mail scanner would) changes nothing either.
    const link = await invitationLink(victim.email);
    expect((await app.getPage(link)).status).toBe(200);
    expect((await app.getPage(page, victimSession.cookie)).status).toBe(404);

    // Accepting, from their own inbox, does.
    expect((await app.postForm(link, { token: tokenOf(link) })).status).toBe(200);
    expect((await app.getPage(page, victimSession.cookie)).status).toBe(200);
  });

  it("an address nobody has used gets no account unless it accepts; a new invitation replaces the old link; an old one expires", async () => {
    const { draft, session } = await attackerDraft();
    const email = `stranger-${Date.now()}@example.org`;
    const invite = () => app.postForm(`/organize/statements/${draft.id}`, { csrf: session.csrf, intent: "invite", email }, session.cookie);
    await invite();
    const first = await invitationLink(email);
    await invite();
    const second = await invitationLink(email);
    expect(second).not.toBe(first);
    expect(await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()).toBeUndefined();

    const replaced = await app.postForm(first, { token: tokenOf(first) });
    expect(replaced.status).toBe(404);
    expect(replaced.html).toContain("This link is not valid");
    await db().updateTable("organizer_invitations").set({ expires_at: sql<Date>`now() - interval '1 minute'` }).where("email", "=", email).execute();
    const expired = await app.getPage(second);
    expect(expired.html).toContain("This invitation has expired");
    expect((await app.postForm(second, { token: tokenOf(second) })).status).toBe(410);
    expect(await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()).toBeUndefined();
  });

  it("is written in Spanish when the inviter's page is", async () => {
    const { draft, session } = await attackerDraft();
    const email = `amiga-${Date.now()}@example.org`;
    await app.postForm(`/organize/statements/${draft.id}`, { csrf: session.csrf, intent: "invite", email }, { cookie: session.cookie, headers: { "accept-language": "es" } });
    const mail = await app.mailbox.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toBe("Una invitación para ayudar a organizar una declaración en Undersigned");
    const page = await app.getPage(await invitationLink(email), "lang=es");
    expect(page.html).toContain("Aceptar la invitación");
  });
});
