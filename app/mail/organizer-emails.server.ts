// Emails to organizers, as pure builders: a sign-in link, an invitation to
// help organize a statement.
import type { Locale } from "~/i18n/core";
import { emailTranslator as translator } from "~/i18n/email.server";
import type { OutgoingEmail } from "./outbox";

/** A single-use sign-in link, in the language of the page that asked for it. */
export function loginLinkEmail(d: { to: string; link: string; minutes: number }, locale: Locale): OutgoingEmail {
  const t = translator(locale);
  return { kind: "login", to: d.to, subject: t("login.email.subject"), text: t("login.email.body", { link: d.link, minutes: d.minutes }) };
}

/** Tells a new co-organizer who added them, to what, and where to sign in. */
export function coOrganizerInviteEmail(d: { to: string; invitedBy: string; statementTitle: string; loginUrl: string }): OutgoingEmail {
  return {
    kind: "organizer_invite",
    to: d.to,
    subject: "You are invited to help organize a statement",
    text: [
      `${d.invitedBy} added you as a co-organizer of “${d.statementTitle || "an untitled statement"}” on Undersigned.`,
      "",
      "Sign in with this email address to see and manage it:",
      d.loginUrl,
      "",
      "If you don't want to help, you can ignore this email, or sign in and remove yourself.",
    ].join("\n"),
  };
}
