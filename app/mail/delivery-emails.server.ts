// The emails a delivery sends, as pure builders: data and a locale in, an
// email out (queued by the caller through the outbox). Words are catalog keys.
import type { Locale } from "~/i18n/core";
import { emailTranslator as translator, type ServerKey } from "~/i18n/email.server";
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

type ResponseData = { officialName: string; office: Office; title: string; response: string };

/** An official's response, quoted, between a line saying who answered and a link: for signers and organizers alike. */
function responseMessage(
  t: ReturnType<typeof translator>,
  keys: { subject: ServerKey; body: ServerKey; link: ServerKey },
  d: ResponseData,
  url: string,
) {
  const vars = { name: d.officialName, title: d.title };
  const quoted = d.response
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");
  return { subject: t(keys.subject, vars), lines: [t(keys.body, { ...vars, office: t(`office.${d.office}`) }), "", quoted, "", t(keys.link), url] };
}

/**
 * An official's public response, to the signers who asked for updates, in
 * their language; the address is each signer's (the `email` column the
 * caller's query yields).
 */
export function officialResponseToSignersEmail(d: ResponseData & { statementUrl: string }, locale: Locale): EmailToColumn {
  const t = translator(locale);
  const m = responseMessage(t, { subject: "responseEmail.subject", body: "responseEmail.body", link: "responseEmail.link" }, d, d.statementUrl);
  return { kind: OFFICIAL_RESPONSE_EMAIL, to: { column: "email" }, subject: m.subject, text: [...m.lines, "", "—", t("responseEmail.why")].join("\n") };
}

/** The same response, to an organizer, with the way to their delivery board. */
export function officialResponseToOrganizerEmail(d: ResponseData & { to: string; boardUrl: string }, locale: Locale): OutgoingEmail {
  const t = translator(locale);
  const m = responseMessage(t, { subject: "organizerEmail.subject", body: "organizerEmail.body", link: "organizerEmail.link" }, d, d.boardUrl);
  return { kind: OFFICIAL_RESPONSE_ORGANIZER_EMAIL, to: d.to, subject: m.subject, text: m.lines.join("\n") };
}
