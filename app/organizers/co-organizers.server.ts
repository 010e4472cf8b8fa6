import type { Executor } from "../../db/types";
import { getDb, inTransaction } from "~/db.server";
import { appUrl } from "~/env.server";
import { INVITE_LIMIT } from "./co-organizers";
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
 * Adds a co-organizer by email address (an account is made for a new
 * address) and emails them where to sign in. The caller has checked that
 * `invitedBy` organizes the statement.
 */
export async function inviteCoOrganizer(
  { statementId, invitedBy, email }: { statementId: number; invitedBy: { id: number; email: string }; email: string },
  db: Executor = getDb(),
): Promise<{ ok: true } | { ok: false; errors: { email: string } }> {
  return inTransaction(db, async (trx) => {
    const statement = await trx.selectFrom("statements").select(["id", "title"]).where("id", "=", statementId).executeTakeFirstOrThrow();
    const limit = await hitRateLimit({ key: `invite:user:${invitedBy.id}`, ...INVITE_LIMIT }, trx);
    if (!limit.allowed) return { ok: false, errors: { email: "invite.error.tooMany" } };
    const user = await trx
      .insertInto("users")
      .values({ email })
      .onConflict((oc) => oc.column("email").doUpdateSet({ email }))
      .returning("id")
      .executeTakeFirstOrThrow();
    const added = await trx
      .insertInto("statement_organizers")
      .values({ statement_id: statementId, user_id: user.id, role: "co_organizer" })
      .onConflict((oc) => oc.columns(["statement_id", "user_id"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (!added) return { ok: false, errors: { email: "invite.error.already" } };
    const manage = `/organize/statements/${statementId}`;
    await enqueueEmail(
      coOrganizerInviteEmail({ to: email, invitedBy: invitedBy.email, statementTitle: statement.title, loginUrl: `${appUrl()}/login?redirectTo=${encodeURIComponent(manage)}` }),
      trx,
    );
    return { ok: true };
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
