import { sql } from "kysely";
import type { Executor, Statement } from "../../db/types";
import { getDb, inTransaction } from "~/db.server";
import { appUrl, env } from "~/env.server";
import { sha256Hex } from "~/utils/crypto.server";
import { notFound } from "~/utils/domain-error";
import { enqueueEmails } from "~/mail/outbox.server";
import type { Locale } from "~/i18n/core";
import { moderationRequestedEmail } from "~/mail/moderation-emails.server";
import { createCountShards } from "~/signing/verified-count.server";
import type { StatementState } from "../../db/states";
import { draftFromStatement, publishProblems } from "./draft-form";
import type { Draft } from "./draft-input.server";
import {
  isPlaceholderSlug,
  lockOrganized,
  officialIdsOf,
  statementLocked,
  withSlugRace,
  writeDraft,
  type DraftResult,
  type FieldProblems,
} from "./drafts.server";
import { isEditable } from "./lifecycle";
import { changingPublicPages } from "./public-reads.server";
import { canonicalStatementText, contentOf, translationOf } from "./text";

// Publishing: the organizer's publish (save, check, then freeze), and the
// freeze itself, which opens a statement or sends it to moderation.

/**
 * Publishes a complete draft: freezes its text under a SHA-256 version hash
 * and opens it for signatures (or sends it to moderation). Callers validate
 * the draft first; this only refuses a statement that is not a draft.
 */
export async function publishStatement(
  { id, moderation = env().MODERATION }: { id: number; moderation?: "required" | "off" },
  db: Executor = getDb(),
): Promise<Statement> {
  const run = async (trx: Executor) => {
    const statement = await trx
      .selectFrom("statements")
      .selectAll()
      .where("id", "=", id)
      .where("state", "in", ["draft", "rejected"])
      .forUpdate()
      .executeTakeFirst();
    if (!statement) throw statementLocked();
    const jurisdiction = await trx
      .selectFrom("jurisdictions")
      .select("name")
      .where("id", "=", statement.jurisdiction_id)
      .executeTakeFirstOrThrow();
    const canonical = canonicalStatementText({ ...contentOf(statement), jurisdiction: jurisdiction.name, translation: translationOf(statement) });
    const state: StatementState = moderation === "required" ? "in_review" : "open";
    const updated = await trx
      .updateTable("statements")
      .set({
        state,
        canonical_text: canonical,
        version_hash: sha256Hex(canonical),
        published_at: sql`now()`,
        opened_at: state === "open" ? sql`now()` : null,
        rejection_reason: null,
        updated_at: sql`now()`,
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await createCountShards(id, trx);
    return updated;
  };
  return changingPublicPages(inTransaction(db, run));
}

/**
 * Publishes a statement: saves `draft` first when given (what is on the
 * organizer's screen), checks the whole statement, then freezes its text
 * under a version hash. When something is missing the save still stands and
 * each problem comes back keyed by its field.
 */
export async function publishDraft(
  {
    statementId,
    userId,
    draft,
    locale = "en",
    moderation = env().MODERATION,
    now = new Date(),
  }: {
    statementId: number;
    userId: number;
    draft?: Draft;
    /** The publishing organizer's language, for the admins' "waits for review" email (admins have no stored language). */
    locale?: Locale;
    moderation?: "required" | "off";
    now?: Date;
  },
  db: Executor = getDb(),
): Promise<DraftResult> {
  return changingPublicPages(withSlugRace(db, () =>
    inTransaction(db, async (trx) => {
      const current = await lockOrganized({ statementId, userId }, trx);
      if (!current) throw notFound();
      if (!isEditable(current.state)) throw statementLocked();
      let row = current;
      if (draft) {
        const saved = await writeDraft(current, draft, trx);
        if (saved.status !== "ok") return saved;
        row = saved.statement;
      } else {
        // Someone may have retired since the draft was saved: they no longer get it.
        const active = await officialIdsOf(statementId, trx, { activeOnly: true });
        await trx
          .deleteFrom("statement_officials")
          .where("statement_id", "=", statementId)
          .$if(active.length > 0, (q) => q.where("official_id", "not in", active))
          .execute();
      }
      const problems = publishProblems(draftFromStatement(row, await officialIdsOf(statementId, trx)), now);
      if (isPlaceholderSlug(row.slug)) problems.slug ??= "draft.error.slug.required";
      if (Object.keys(problems).length) return { status: "invalid", errors: problems as FieldProblems, statement: draft ? row : undefined };
      const published = await publishStatement({ id: statementId, moderation }, trx);
      if (published.state === "in_review") {
        const base = appUrl();
        await enqueueEmails(
          env().ADMIN_EMAILS.map((to) => moderationRequestedEmail({ to, title: published.title, appUrl: base }, locale)),
          trx,
        );
      }
      return { status: "ok", statement: published };
    }),
  ));
}
