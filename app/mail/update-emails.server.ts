// The update an organizer sends to the signers who asked for updates, as a
// pure builder. The organizer's words go out as written; our own lines around
// them are in the signer's language (chosen when they signed).
import type { Locale } from "~/i18n/core";
import { emailTranslator as translator } from "~/i18n/email.server";
import type { OutgoingEmail } from "./outbox";

const STATEMENT_UPDATE_EMAIL = "statement-update";

export function statementUpdateEmail(
  d: { to: string; statementTitle: string; statementUrl: string; subject: string; body: string; unsubscribeUrl: string },
  locale: Locale,
): OutgoingEmail {
  const t = translator(locale);
  const vars = { title: d.statementTitle };
  const footer = [
    t("updates.email.why", vars),
    `${t("updates.email.read")} ${d.statementUrl}`,
    `${t("updates.email.unsubscribe")} ${d.unsubscribeUrl}`,
  ].join("\n");
  const oneLineTitle = d.statementTitle.replace(/[\r\n]+/g, " ");
  return {
    kind: STATEMENT_UPDATE_EMAIL,
    to: d.to,
    subject: `[${oneLineTitle}] ${d.subject}`,
    text: [t("updates.email.intro", vars), "", d.subject, "", d.body, "", "—", footer].join("\n"),
    // RFC 2369 and RFC 8058: mail clients offer their own one-click
    // unsubscribe, which POSTs to this URL.
    headers: {
      "List-Unsubscribe": `<${d.unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}
