import { describe, expect, it } from "vitest";
import { moderationDecisionEmail, moderationRequestedEmail } from "./moderation-emails.server";

const statement = { id: 7, slug: "safe-streets", title: "Safe streets" };
const appUrl = "https://undersigned.example";

describe("moderation emails", () => {
  it("send admins to the queue", () => {
    const mail = moderationRequestedEmail({ to: "admin@example.org", title: statement.title, appUrl });
    expect(mail).toMatchObject({ kind: "moderation_requested", to: "admin@example.org", subject: "A statement is waiting for review" });
    expect(mail.text).toContain(`${appUrl}/admin/moderation`);
  });

  it("tell organizers the decision: the public page when approved, the reason and the editor when not", () => {
    const approved = moderationDecisionEmail({ to: "o@example.org", statement, decision: "approve", reason: null, appUrl });
    expect(approved).toMatchObject({ kind: "moderation_approved", subject: "Your statement is open for signatures" });
    expect(approved.text).toContain(`${appUrl}/statements/safe-streets`);

    const rejected = moderationDecisionEmail({ to: "o@example.org", statement, decision: "reject", reason: "Name the officials.", appUrl });
    expect(rejected).toMatchObject({ kind: "moderation_rejected", subject: "Your statement needs changes before it can open" });
    expect(rejected.text).toContain("Name the officials.");
    expect(rejected.text).toContain(`${appUrl}/organize/statements/7`);
  });

  it("speak Spanish when the request that caused them did, with the same links and the reviewer's words as written", () => {
    const requested = moderationRequestedEmail({ to: "admin@example.org", title: statement.title, appUrl }, "es");
    expect(requested).toMatchObject({ kind: "moderation_requested", subject: "Una declaración espera revisión" });
    expect(requested.text).toBe(`«Safe streets» se publicó y espera que un administrador de la plataforma la revise.\n\nRevísela: ${appUrl}/admin/moderation`);

    const approved = moderationDecisionEmail({ to: "o@example.org", statement, decision: "approve", reason: null, appUrl }, "es");
    expect(approved).toMatchObject({ kind: "moderation_approved", subject: "Su declaración está abierta a firmas" });
    expect(approved.text).toContain("Su declaración «Safe streets» fue aprobada");
    expect(approved.text).toContain(`${appUrl}/statements/safe-streets`);

    const rejected = moderationDecisionEmail({ to: "o@example.org", statement, decision: "reject", reason: "Name the officials.", appUrl }, "es");
    expect(rejected).toMatchObject({ kind: "moderation_rejected", subject: "Su declaración necesita cambios antes de abrirse" });
    expect(rejected.text).toContain("Name the officials.");
    expect(rejected.text).toContain(`Puede cambiarla y volver a publicarla: ${appUrl}/organize/statements/7`);
    // No English left around the reviewer's words (the link itself is a URL).
    expect(rejected.text.replace(`${appUrl}/organize/statements/7`, "").replace("Name the officials.", "")).not.toMatch(/statement|reviewer|change/i);
  });

  it("keep their English words when no locale is given", () => {
    const mail = moderationRequestedEmail({ to: "admin@example.org", title: "Parks", appUrl });
    expect(mail.text).toBe(`“Parks” was published and is waiting for a platform admin to review it.\n\nReview it: ${appUrl}/admin/moderation`);
  });
});
