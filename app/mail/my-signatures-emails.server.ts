// The email that opens a signer's own signatures (/my-signatures), as a pure
// builder: the words are in app/i18n/email/my-signatures.server.ts; the
// caller queues it through the outbox in the transaction that stores the link.
import type { Locale } from "~/i18n/core";
import { emailTranslator } from "~/i18n/email.server";
import { MY_SIGNATURES_LINK_TTL_MINUTES } from "~/signing/my-signatures";
import type { OutgoingEmail } from "./outbox";

export function mySignaturesLinkEmail({ to, token, appUrl, locale }: { to: string; token: string; appUrl: string; locale: Locale }): OutgoingEmail {
  const t = emailTranslator(locale);
  return {
    kind: "my_signatures_link",
    to,
    subject: t("mine.email.subject"),
    text: t("mine.email.body", { link: `${appUrl}/my-signatures/${token}`, minutes: MY_SIGNATURES_LINK_TTL_MINUTES, privacyLink: `${appUrl}/privacy` }),
  };
}
