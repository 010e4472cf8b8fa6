// Updates organizers send to the signers who asked for them. Client-safe, no
// zod: the form schema is in updates-input.server.ts, read by actions only.

/** At most one update a statement in this many hours (the database enforces it too). */
export const UPDATE_INTERVAL_HOURS = 24;
export const UPDATE_SUBJECT_MAX = 120;
export const UPDATE_BODY_MAX = 10_000;
/** An unsubscribe link keeps working this long after its email was sent. */
export const UNSUBSCRIBE_LINK_DAYS = 365;

export function nextUpdateAllowedAt(lastQuietUntil: Date | string | null | undefined, now = new Date()): Date | null {
  if (!lastQuietUntil) return null;
  const until = new Date(lastQuietUntil);
  return until.getTime() > now.getTime() ? until : null;
}
