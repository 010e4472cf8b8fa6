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
});
