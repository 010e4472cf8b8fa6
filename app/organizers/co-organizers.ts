// Co-organizer limits: client-safe, no zod (the form schemas are in
// co-organizers-input.server.ts, read by actions only).

/** Invitations one organizer may send an hour: enough for a campaign team, too few for spam. */
export const INVITE_LIMIT = { limit: 20, windowSeconds: 3600 };

/** How long an emailed co-organizer invitation can be accepted. */
export const INVITATION_TTL_DAYS = 7;
