import { z } from "zod";
import type { Locale } from "~/i18n/core";
import { emailTranslate as translate } from "~/i18n/email.server";

// Updates organizers send to the signers who asked for them.

/** At most one update a statement in this many hours (the database enforces it too). */
export const UPDATE_INTERVAL_HOURS = 24;
export const UPDATE_SUBJECT_MAX = 120;
export const UPDATE_BODY_MAX = 10_000;
/** An unsubscribe link keeps working this long after its email was sent. */
export const UNSUBSCRIBE_LINK_DAYS = 365;

const noControl = (v: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v);

// Messages are catalog keys: the form shows them in the reader's language.
export const statementUpdateSchema = z.object({
  subject: z
    .string()
    .trim()
    .min(1, "updates.error.subjectRequired")
    .max(UPDATE_SUBJECT_MAX, "updates.error.subjectTooLong")
    .refine((v) => !/[\r\n]/.test(v) && noControl(v), "updates.error.subjectOneLine"),
  body: z.preprocess(
    (v) => (typeof v === "string" ? v.replace(/\r\n?/g, "\n") : v),
    z
      .string()
      .trim()
      .min(1, "updates.error.bodyRequired")
      .max(UPDATE_BODY_MAX, "updates.error.bodyTooLong")
      .refine(noControl, "updates.error.bodyCharacters"),
  ),
});
export type StatementUpdateInput = z.output<typeof statementUpdateSchema>;

export function nextUpdateAllowedAt(lastQuietUntil: Date | string | null | undefined, now = new Date()): Date | null {
  if (!lastQuietUntil) return null;
  const until = new Date(lastQuietUntil);
  return until.getTime() > now.getTime() ? until : null;
}

/**
 * The email a signer receives. The organizer's words go out as written; our
 * own lines around them are in each of `locales` (the signer's language, chosen
 * when they signed), with the unsubscribe link in every one.
 */
export function renderUpdateEmail({
  statementTitle,
  statementUrl,
  subject,
  body,
  unsubscribeUrl,
  locales = ["en", "es"],
}: {
  statementTitle: string;
  statementUrl: string;
  subject: string;
  body: string;
  unsubscribeUrl: string;
  locales?: Locale[];
}): { subject: string; text: string } {
  const vars = { title: statementTitle };
  const intro = locales.map((l) => translate(l, "updates.email.intro", vars)).join("\n");
  const footers = locales.map((l) =>
    [
      translate(l, "updates.email.why", vars),
      `${translate(l, "updates.email.read")} ${statementUrl}`,
      `${translate(l, "updates.email.unsubscribe")} ${unsubscribeUrl}`,
    ].join("\n"),
  );
  const oneLineTitle = statementTitle.replace(/[\r\n]+/g, " ");
  return {
    subject: `[${oneLineTitle}] ${subject}`,
    text: [intro, "", subject, "", body, "", "—", footers.join("\n\n")].join("\n"),
  };
}
