// A signer's receipt for a delivery, as pure builders (decision 0010). The
// outbox row is queued for every signer at the freeze with the short
// `receiptQueuedEmail`; the worker composes `receiptEmail` when it sends,
// since the inclusion proof is computed then (app/delivery/receipts.server.ts).
import { formatDate, type Locale } from "~/i18n/core";
import { emailTranslator as translator } from "~/i18n/email.server";
import type { Office } from "../../db/states";
import type { OutgoingEmail } from "./outbox";
import type { EmailToColumn } from "./outbox.server";

/** The outbox kind of a receipt: delivery's hooks compose it when it is sent. */
export const DELIVERY_RECEIPT_EMAIL = "delivery_receipt";

/** The row queued at the freeze, to the address in the `email` column; its text is replaced when sent. */
export function receiptQueuedEmail({ title }: { title: string }, locale: Locale): EmailToColumn {
  const t = translator(locale);
  return { kind: DELIVERY_RECEIPT_EMAIL, to: { column: "email" }, subject: t("receiptEmail.subject", { title }), text: t("receiptEmail.pending", { title }) };
}

export interface ReceiptEmailData {
  title: string;
  jurisdiction: string;
  deliveredAt: Date;
  officials: { name: string; office: Office }[];
  packetSha256: string;
  root: string;
  size: number;
  index: number;
  record: string;
  path: string[];
  /** /verify with the receipt in its fragment. */
  verifyUrl: string;
  /** The compact receipt string (app/delivery/receipt.ts). */
  receipt: string;
  manifestUrl: string;
}

export function receiptEmail(d: ReceiptEmailData, locale: Locale): Pick<OutgoingEmail, "subject" | "text"> {
  const t = translator(locale);
  const text = [
    t("receiptEmail.body", { title: d.title, jurisdiction: d.jurisdiction, date: formatDate(locale, d.deliveredAt, true) }),
    ...d.officials.map((o) => t("receiptEmail.official", { name: o.name, office: t(`office.${o.office}`) })),
    "",
    t("receiptEmail.row", { row: d.index + 1 }),
    `  ${d.record}`,
    "",
    t("receiptEmail.hashes", { packet: d.packetSha256, root: d.root, size: d.size }),
    "",
    t("receiptEmail.proof", { index: d.index }),
    ...d.path.map((h) => `  ${h}`),
    "",
    t("receiptEmail.check"),
    d.verifyUrl,
    "",
    t("receiptEmail.paste"),
    d.receipt,
    "",
    t("receiptEmail.manifest"),
    d.manifestUrl,
    "",
    "—",
    t("receiptEmail.why"),
  ].join("\n");
  return { subject: t("receiptEmail.subject", { title: d.title }), text };
}
