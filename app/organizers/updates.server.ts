import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb, inTransaction } from "~/db.server";
import { appUrl } from "~/env.server";
import { hashToken, newToken } from "~/utils/crypto.server";
import { enqueueEmails } from "~/mail/outbox.server";
import { statementUpdateEmail } from "~/mail/update-emails.server";
import { nextUpdateAllowedAt, UNSUBSCRIBE_LINK_DAYS, UPDATE_INTERVAL_HOURS } from "./updates";
import type { StatementUpdateInput } from "./updates-input.server";
import type { StatementState } from "../../db/states";
import { localized } from "~/statements/text";

/** Statements whose signers can hear from their organizers. */
const UPDATABLE: StatementState[] = ["open", "closed", "delivered"];
// Rows an insert: seven outbox columns stay far below Postgres's 65,535 parameters.
const BATCH = 500;

export type SendUpdateResult =
  | { status: "sent"; updateId: number; recipients: number }
  | { status: "too_soon"; nextAllowedAt: Date }
  | { status: "not_published" };

/** Who receives an update: verified (so not withdrawn), opted in, not unsubscribed. */
function recipientsOf(statementId: number, db: Executor) {
  return db
    .selectFrom("signatures")
    .where("statement_id", "=", statementId)
    .where("state", "=", "verified")
    .where("updates", "=", true)
    .where("unsubscribed_at", "is", null);
}

const isExclusionViolation = (e: unknown) => (e as { code?: string } | null)?.code === "23P01";

async function quietUntil(statementId: number, db: Executor) {
  const row = await db
    .selectFrom("statement_updates")
    .select(sql<Date>`max(quiet_until)`.as("until"))
    .where("statement_id", "=", statementId)
    .executeTakeFirst();
  return row?.until ?? null;
}

/**
 * Records an update and queues it, in the same transaction, for every
 * signer who should receive it, each with their own unsubscribe link.
 * Refuses a second update within UPDATE_INTERVAL_HOURS of the last one.
 */
export async function sendStatementUpdate(
  { statementId, authorId, subject, body }: { statementId: number; authorId: number } & StatementUpdateInput,
  db: Executor = getDb(),
): Promise<SendUpdateResult> {
  const run = async (trx: Executor): Promise<SendUpdateResult> => {
    // Serializes senders on this statement without blocking new signatures
    // (their foreign-key checks take KEY SHARE, which NO KEY UPDATE allows).
    const statement = await trx
      .selectFrom("statements")
      .select(["id", "slug", "title", "title_es", "state"])
      .where("id", "=", statementId)
      .forNoKeyUpdate()
      .executeTakeFirstOrThrow();
    if (!UPDATABLE.includes(statement.state)) return { status: "not_published" };
    const waitUntil = nextUpdateAllowedAt(await quietUntil(statementId, trx));
    if (waitUntil) return { status: "too_soon", nextAllowedAt: waitUntil };

    const update = await trx
      .insertInto("statement_updates")
      .values({
        statement_id: statementId,
        author_id: authorId,
        subject,
        body,
        quiet_until: sql`now() + ${`${UPDATE_INTERVAL_HOURS} hours`}::interval`,
      })
      .returning(["id"])
      .executeTakeFirstOrThrow();

    const statementUrl = `${appUrl()}/statements/${statement.slug}`;
    let sent = 0;
    let after = "0";
    for (;;) {
      const batch = await recipientsOf(statementId, trx)
        .select(["id", "email", "locale"])
        .where("id", ">", after)
        .orderBy("id")
        .limit(BATCH)
        .execute();
      if (batch.length === 0) break;
      const tokens = batch.map(() => newToken());
      await trx
        .insertInto("statement_update_recipients")
        .values(batch.map((r, i) => ({ update_id: update.id, signature_id: r.id, unsubscribe_token_hash: tokens[i].hash })))
        .execute();
      await enqueueEmails(
        batch.map((r, i) =>
          statementUpdateEmail(
            {
              to: r.email,
              statementTitle: localized(r.locale, statement.title, statement.title_es),
              statementUrl,
              subject,
              body,
              unsubscribeUrl: `${appUrl()}/unsubscribe?token=${tokens[i].token}`,
            },
            r.locale,
          ),
        ),
        trx,
      );
      sent += batch.length;
      after = batch[batch.length - 1].id;
      if (batch.length < BATCH) break;
    }
    await trx.updateTable("statement_updates").set({ recipients: sent }).where("id", "=", update.id).execute();
    return { status: "sent", updateId: update.id, recipients: sent };
  };

  try {
    return await inTransaction(db, run);
  } catch (e) {
    // The lock makes this rare; the constraint makes it impossible to get wrong.
    if (!isExclusionViolation(e) || db.isTransaction) throw e;
    const until = await quietUntil(statementId, db);
    return { status: "too_soon", nextAllowedAt: until ? new Date(until) : new Date() };
  }
}

/** The updates page: what was sent, who would receive the next one, and when it may go. */
export async function statementUpdatesOverview({ statementId }: { statementId: number }, db: Executor = getDb()) {
  const [updates, recipients, until] = await Promise.all([
    db
      .selectFrom("statement_updates")
      .leftJoin("users", "users.id", "statement_updates.author_id")
      .select([
        "statement_updates.id",
        "statement_updates.subject",
        "statement_updates.body",
        "statement_updates.recipients",
        "statement_updates.created_at",
        sql<string | null>`coalesce(users.name, users.email)`.as("author"),
      ])
      .where("statement_updates.statement_id", "=", statementId)
      .orderBy("statement_updates.created_at", "desc")
      .execute(),
    recipientsOf(statementId, db)
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow()
      .then((r) => r.n),
    quietUntil(statementId, db),
  ]);
  return { updates, recipients, nextAllowedAt: nextUpdateAllowedAt(until) };
}

export interface UnsubscribeLink {
  statementTitle: string;
  statementSlug: string;
  unsubscribed: boolean;
}

function findLink(token: string, db: Executor) {
  return db
    .selectFrom("statement_update_recipients as r")
    .innerJoin("statement_updates as u", "u.id", "r.update_id")
    .innerJoin("signatures as s", "s.id", "r.signature_id")
    .innerJoin("statements as st", "st.id", "s.statement_id")
    .select(["s.id as signatureId", "s.unsubscribed_at", "s.locale", "st.title", "st.title_es", "st.slug"])
    .where("r.unsubscribe_token_hash", "=", hashToken(token))
    .where("u.created_at", ">", sql<Date>`now() - ${`${UNSUBSCRIBE_LINK_DAYS} days`}::interval`)
    .executeTakeFirst();
}

/** What an unsubscribe link is for, without using it (for the confirm page). */
export async function findUnsubscribeLink({ token }: { token: string }, db: Executor = getDb()): Promise<UnsubscribeLink | null> {
  if (!token) return null;
  const row = await findLink(token, db);
  // Titled in the signer's own language, as their emails were.
  return row ? { statementTitle: localized(row.locale, row.title, row.title_es), statementSlug: row.slug, unsubscribed: row.unsubscribed_at !== null } : null;
}

/**
 * Stops updates about this one statement to the signer the link was sent to.
 * Using a link again is harmless: it stays unsubscribed.
 */
export async function unsubscribeFromUpdates({ token }: { token: string }, db: Executor = getDb()): Promise<UnsubscribeLink | null> {
  if (!token) return null;
  const row = await findLink(token, db);
  if (!row) return null;
  await db
    .updateTable("signatures")
    .set({ unsubscribed_at: sql`now()` })
    .where("id", "=", row.signatureId)
    .where("unsubscribed_at", "is", null)
    .execute();
  return { statementTitle: localized(row.locale, row.title, row.title_es), statementSlug: row.slug, unsubscribed: true };
}
