// The emails a delivery sends, as pure builders: data and a locale in, an
// email out (queued by the caller through the outbox). Words are catalog keys.
import { translator, type Locale } from "~/i18n/core";
import type { OutgoingEmail } from "./outbox";
import type { EmailToColumn } from "./outbox.server";
import type { Office } from "../../db/states";

/** The outbox kind of an official's packet email: the delivery's outbox hooks follow it. */
export const OFFICIAL_DELIVERY_EMAIL = "official_delivery";
const OFFICIAL_RESPONSE_EMAIL = "official_response";
const OFFICIAL_RESPONSE_ORGANIZER_EMAIL = "official_response_organizer";

/** An official's packet: what was delivered, their private page, and the hashes to check it by. */
export function officialDeliveryEmail(
  d: {
    to: string;
    officialName: string;
    title: string;
    jurisdiction: string;
    sequence: number;
    count: number;
    /** Their own ward's share, for a ward councilor. */
    ward: { name: string; count: number } | null;
    pageUrl: string;
    packetSha256: string;
    versionHash: string;
    /** The packet files when they fit in an email; none says "download them from your page". */
    attachments: NonNullable<OutgoingEmail["attachments"]> | null;
  },
  locale: Locale,
): OutgoingEmail {
  const t = translator(locale);
  const vars = { title: d.title, jurisdiction: d.jurisdiction, count: d.count, sequence: d.sequence };
  const supplement = d.sequence > 1;
  const text = [
    t("officialEmail.greeting", { name: d.officialName }),
    "",
    t(supplement ? "officialEmail.bodySupplement" : "officialEmail.body", vars),
    ...(d.ward ? [t("officialEmail.ward", { count: d.ward.count, ward: d.ward.name })] : []),
    "",
    t(d.attachments ? "officialEmail.attached" : "officialEmail.notAttached"),
    "",
    t("officialEmail.page"),
    d.pageUrl,
    t("officialEmail.private"),
    "",
    t("officialEmail.hashes", { packet: d.packetSha256, version: d.versionHash }),
    "",
    "—",
    t("officialEmail.footer"),
  ].join("\n");
  return {
    kind: OFFICIAL_DELIVERY_EMAIL,
    to: d.to,
    subject: t(supplement ? "officialEmail.subjectSupplement" : "officialEmail.subject", vars),
    text,
    attachments: d.attachments ?? [],
  };
}

const quote = (response: string) =>
  response
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");

/**
 * An official's public response, to the signers who asked for updates, in
 * their language; the address is each signer's (the `email` column the
 * caller's query yields).
 */
export function officialResponseToSignersEmail(
  d: { officialName: string; office: Office; title: string; response: string; statementUrl: string },
  locale: Locale,
): EmailToColumn {
  const t = translator(locale);
  return {
    kind: OFFICIAL_RESPONSE_EMAIL,
    to: { column: "email" },
    subject: t("responseEmail.subject", { name: d.officialName, title: d.title }),
    text: [
      t("responseEmail.body", { name: d.officialName, office: t(`office.${d.office}`), title: d.title }),
      "",
      quote(d.response),
      "",
      t("responseEmail.link"),
      d.statementUrl,
      "",
      "—",
      t("responseEmail.why"),
    ].join("\n"),
  };
}

/** The same response, to an organizer, with the way to their delivery board. */
export function officialResponseToOrganizerEmail(
  d: { to: string; officialName: string; office: Office; title: string; response: string; boardUrl: string },
  locale: Locale,
): OutgoingEmail {
  const t = translator(locale);
  return {
    kind: OFFICIAL_RESPONSE_ORGANIZER_EMAIL,
    to: d.to,
    subject: t("organizerEmail.subject", { name: d.officialName, title: d.title }),
    text: [
      t("organizerEmail.body", { name: d.officialName, office: t(`office.${d.office}`), title: d.title }),
      "",
      quote(d.response),
      "",
      t("organizerEmail.link"),
      d.boardUrl,
    ].join("\n"),
  };
}
