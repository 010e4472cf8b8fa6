import { sql } from "kysely";
import type { Executor, Statement } from "../../db/types";
import { getDb, inTransaction } from "~/db.server";
import { appUrl } from "~/env.server";
import type { Locale } from "~/i18n/core";
import { enqueueEmails } from "~/mail/outbox.server";
import { moderationDecisionEmail } from "~/mail/moderation-emails.server";
import { getStatementPreview } from "./public-page.server";
import { changingPublicPages } from "./public-reads.server";

// Moderation (MODERATION=required): the queue of statements in review and a
// platform admin's decision on one.

async function organizerEmails(statementId: number, db: Executor) {
  const rows = await db
    .selectFrom("statement_organizers")
    .innerJoin("users", "users.id", "statement_organizers.user_id")
    .select("users.email")
    .where("statement_organizers.statement_id", "=", statementId)
    .execute();
  return rows.map((r) => r.email);
}

/** Statements waiting for a moderator, oldest first, with their full text. */
export async function listModerationQueue(db: Executor = getDb()) {
  return db
    .selectFrom("statements")
    .innerJoin("jurisdictions", "jurisdictions.id", "statements.jurisdiction_id")
    .selectAll("statements")
    .select([
      "jurisdictions.name as jurisdiction",
      (eb) =>
        eb
          .selectFrom("statement_organizers")
          .innerJoin("users", "users.id", "statement_organizers.user_id")
          .select("users.email")
          .whereRef("statement_organizers.statement_id", "=", "statements.id")
          .where("statement_organizers.role", "=", "owner")
          .as("ownerEmail"),
    ])
    .where("statements.state", "=", "in_review")
    .orderBy("statements.published_at", "asc")
    .execute();
}

/** The queue as the moderation page shows it: each statement in review with its page as signers would see it. */
export async function moderationQueueWithPreviews(db: Executor = getDb()) {
  const queue = await listModerationQueue(db);
  const pages = await Promise.all(queue.map((s) => getStatementPreview({ id: s.id }, db)));
  return queue.map((s, i) => ({
    id: s.id,
    title: s.title,
    slug: s.slug,
    jurisdiction: s.jurisdiction,
    ownerEmail: s.ownerEmail,
    publishedAt: s.published_at,
    page: pages[i]!,
  }));
}

/**
 * A moderator's decision on a statement in review: approval opens it for
 * signatures, rejection sends it back to its organizers with the reason.
 * Its organizers are emailed either way, in `locale` (the moderator's
 * request's: organizers have no stored language).
 */
export async function reviewStatement(
  {
    statementId,
    reviewerId,
    decision,
    reason = null,
    locale = "en",
  }: { statementId: number; reviewerId: number; decision: "approve" | "reject"; reason?: string | null; locale?: Locale },
  db: Executor = getDb(),
): Promise<{ status: "ok"; statement: Statement } | { status: "gone" }> {
  return changingPublicPages(inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom("statements")
      .selectAll()
      .where("id", "=", statementId)
      .where("state", "=", "in_review")
      .forUpdate()
      .executeTakeFirst();
    if (!current) return { status: "gone" };
    const approve = decision === "approve";
    const statement = await trx
      .updateTable("statements")
      .set({
        state: approve ? "open" : "rejected",
        opened_at: approve ? sql`now()` : null,
        rejection_reason: approve ? null : reason,
        reviewed_by: reviewerId,
        reviewed_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where("id", "=", statementId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const to = await organizerEmails(statementId, trx);
    const base = appUrl();
    await enqueueEmails(
      to.map((address) => moderationDecisionEmail({ to: address, statement, decision, reason, appUrl: base }, locale)),
      trx,
    );
    return { status: "ok", statement };
  }));
}
