import { z } from "zod";

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
