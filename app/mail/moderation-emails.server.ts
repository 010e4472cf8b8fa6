import type { OutgoingEmail } from "./outbox";

// The emails of moderation (MODERATION=required), as pure functions of their
// data: a platform admin is told a statement waits for review, its
// organizers are told the decision. These are in English only, as they were
// before the builders: admins and organizers have no stored language yet.

/** To one platform admin: a published statement waits for review. */
export function moderationRequestedEmail({ to, title, appUrl }: { to: string; title: string; appUrl: string }): OutgoingEmail {
  return {
    kind: "moderation_requested",
    to,
    subject: "A statement is waiting for review",
    text: [`“${title}” was published and is waiting for a platform admin to review it.`, "", `Review it: ${appUrl}/admin/moderation`].join("\n"),
  };
}

/** To one organizer: the moderator's decision, with the reason when the statement was sent back. */
export function moderationDecisionEmail({
  to,
  statement,
  decision,
  reason,
  appUrl,
}: {
  to: string;
  statement: { id: number; slug: string; title: string };
  decision: "approve" | "reject";
  reason: string | null;
  appUrl: string;
}): OutgoingEmail {
  if (decision === "approve")
    return {
      kind: "moderation_approved",
      to,
      subject: "Your statement is open for signatures",
      text: [`Your statement “${statement.title}” was approved and is now open for signatures:`, "", `${appUrl}/statements/${statement.slug}`].join("\n"),
    };
  return {
    kind: "moderation_rejected",
    to,
    subject: "Your statement needs changes before it can open",
    text: [
      `Your statement “${statement.title}” was not approved yet. The reviewer wrote:`,
      "",
      reason ?? "",
      "",
      `You can change it and publish it again: ${appUrl}/organize/statements/${statement.id}`,
    ].join("\n"),
  };
}
