import type { Locale } from "~/i18n/core";
import { emailTranslator as translator } from "~/i18n/email.server";
import type { OutgoingEmail } from "./outbox";

// The emails of moderation (MODERATION=required), as pure functions of their
// data: a platform admin is told a statement waits for review, its
// organizers are told the decision. Admins and organizers have no stored
// language: callers pass the locale of the request that caused the email
// (English when there is none).

/** To one platform admin: a published statement waits for review. */
export function moderationRequestedEmail(
  { to, title, appUrl }: { to: string; title: string; appUrl: string },
  locale: Locale = "en",
): OutgoingEmail {
  const t = translator(locale);
  return {
    kind: "moderation_requested",
    to,
    subject: t("moderation.email.requested.subject"),
    text: [t("moderation.email.requested.body", { title }), "", `${t("moderation.email.requested.link")} ${appUrl}/admin/moderation`].join("\n"),
  };
}

/** To one organizer: the moderator's decision, with the reason when the statement was sent back. */
export function moderationDecisionEmail(
  {
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
  },
  locale: Locale = "en",
): OutgoingEmail {
  const t = translator(locale);
  const vars = { title: statement.title };
  if (decision === "approve")
    return {
      kind: "moderation_approved",
      to,
      subject: t("moderation.email.approved.subject"),
      text: [t("moderation.email.approved.body", vars), "", `${appUrl}/statements/${statement.slug}`].join("\n"),
    };
  return {
    kind: "moderation_rejected",
    to,
    subject: t("moderation.email.rejected.subject"),
    text: [
      t("moderation.email.rejected.body", vars),
      "",
      reason ?? "",
      "",
      `${t("moderation.email.rejected.link")} ${appUrl}/organize/statements/${statement.id}`,
    ].join("\n"),
  };
}
