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

/**
 * An invitation to help organize a statement: fixed words and the link to
 * accept, nothing the inviter wrote (the statement's title is shown on the
 * site once the link is opened), in the language of the page that sent it.
 */
export function coOrganizerInviteEmail(d: { to: string; acceptUrl: string; days: number }, locale: Locale = "en"): OutgoingEmail {
  const t = translator(locale);
  return { kind: "organizer_invite", to: d.to, subject: t("invite.email.subject"), text: t("invite.email.body", { link: d.acceptUrl, days: d.days }) };
}
