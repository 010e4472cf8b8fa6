import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb, inTransaction } from "~/db.server";
import { appUrl } from "~/env.server";
import type { Locale } from "~/i18n/core";
import { hashToken, newToken } from "~/utils/crypto.server";
import { INVITATION_TTL_DAYS, INVITE_LIMIT } from "./co-organizers";
import { coOrganizerInviteEmail } from "~/mail/organizer-emails.server";
import { enqueueEmail } from "~/mail/outbox.server";
import { hitRateLimit } from "~/signing/rate-limit.server";

/** A statement's organizers, owner first. */
export async function listOrganizers({ statementId }: { statementId: number }, db: Executor = getDb()) {
  return db
    .selectFrom("statement_organizers")
    .innerJoin("users", "users.id", "statement_organizers.user_id")
    .select(["users.id", "users.email", "users.name", "statement_organizers.role"])
    .where("statement_organizers.statement_id", "=", statementId)
    .orderBy("statement_organizers.role", "desc")
    .orderBy("statement_organizers.created_at")
    .execute();
}

/**
 * Invites someone to help organize a statement: emails them a link to
 * accept, and nothing more. They get no access, and no account is made for
 * their address, until they accept (acceptInvitation). The email carries no
 * word the inviter wrote (not the statement's title, not their address): an
 * invitation cannot be used to send someone arbitrary text. Inviting again
 * sends a new link; the old one stops working. The caller has checked that
 * `invitedBy` organizes the statement.
 */
export async function inviteCoOrganizer(
  { statementId, invitedBy, email, locale = "en" }: { statementId: number; invitedBy: { id: number }; email: string; locale?: Locale },
  db: Executor = getDb(),
): Promise<{ ok: true } | { ok: false; errors: { email: string } }> {
  return inTransaction(db, async (trx) => {
    const limit = await hitRateLimit({ key: `invite:user:${invitedBy.id}`, ...INVITE_LIMIT }, trx);
    if (!limit.allowed) return { ok: false, errors: { email: "invite.error.tooMany" } };
    const already = await trx
      .selectFrom("statement_organizers")
      .innerJoin("users", "users.id", "statement_organizers.user_id")
      .select("users.id")
      .where("statement_organizers.statement_id", "=", statementId)
      .where("users.email", "=", email)
      .executeTakeFirst();
    if (already) return { ok: false, errors: { email: "invite.error.already" } };
    const { token, hash } = newToken();
    const expires = sql<Date>`now() + ${`${INVITATION_TTL_DAYS} days`}::interval`;
    await trx
      .insertInto("organizer_invitations")
      .values({ statement_id: statementId, email, invited_by: invitedBy.id, token_hash: hash, expires_at: expires })
      .onConflict((oc) => oc.columns(["statement_id", "email"]).doUpdateSet({ invited_by: invitedBy.id, token_hash: hash, expires_at: expires, created_at: sql`now()` }))
      .execute();
    await enqueueEmail(coOrganizerInviteEmail({ to: email, acceptUrl: `${appUrl()}${INVITATION_PATH}?token=${token}`, days: INVITATION_TTL_DAYS }, locale), trx);
    return { ok: true };
  });
}

/** The page an invitation's emailed link opens. */
export const INVITATION_PATH = "/organize/invitation";

type InvitationLookup = { status: "valid"; statementTitle: string } | { status: "invalid" } | { status: "expired" };

/** What an invitation link is for, for the page that asks the invitee to accept (opening it changes nothing). */
export async function findInvitation({ token }: { token: string }, db: Executor = getDb()): Promise<InvitationLookup> {
  const row = await db
    .selectFrom("organizer_invitations as i")
    .innerJoin("statements as s", "s.id", "i.statement_id")
    .select(["s.title", "i.expires_at"])
    .where("i.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return { status: "invalid" };
  if (new Date(row.expires_at).getTime() < Date.now()) return { status: "expired" };
  return { status: "valid", statementTitle: row.title };
}

/**
 * The invitee accepts from their own inbox: the link proves the address is
 * theirs. They become a co-organizer (an account is made for a new address);
 * the link is spent. They then sign in as usual.
 */
export async function acceptInvitation(
  { token }: { token: string },
  db: Executor = getDb(),
): Promise<{ status: "accepted"; statementId: number } | { status: "invalid" } | { status: "expired" }> {
  return inTransaction(db, async (trx) => {
    const invitation = await trx
      .selectFrom("organizer_invitations")
      .selectAll()
      .where("token_hash", "=", hashToken(token))
      .forUpdate()
      .executeTakeFirst();
    if (!invitation) return { status: "invalid" };
    if (new Date(invitation.expires_at).getTime() < Date.now()) return { status: "expired" };
    const user = await trx
      .insertInto("users")
      .values({ email: invitation.email })
      .onConflict((oc) => oc.column("email").doUpdateSet({ email: invitation.email }))
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("statement_organizers")
      .values({ statement_id: invitation.statement_id, user_id: user.id, role: "co_organizer" })
      .onConflict((oc) => oc.columns(["statement_id", "user_id"]).doNothing())
      .execute();
    await trx.deleteFrom("organizer_invitations").where("id", "=", invitation.id).execute();
    return { status: "accepted", statementId: invitation.statement_id };
  });
}

/** Removes a co-organizer (possibly oneself). The owner cannot be removed. */
export async function removeCoOrganizer(
  { statementId, userId }: { statementId: number; userId: number },
  db: Executor = getDb(),
): Promise<{ ok: true } | { ok: false; error: string }> {
  const removed = await db
    .deleteFrom("statement_organizers")
    .where("statement_id", "=", statementId)
    .where("user_id", "=", userId)
    .where("role", "=", "co_organizer")
    .returning("user_id")
    .executeTakeFirst();
  return removed ? { ok: true } : { ok: false, error: "organizers.error.owner" };
}
