import { sql } from "kysely";
import type { Executor, Statement } from "../../db/types";
import { getDb, getReadDb, inTransaction } from "../db.server";
import { env } from "../env.server";
import { sha256Hex } from "../utils/crypto.server";
import { canonicalStatementText, type StatementContent } from "./statement";
import type { DiscoverySort } from "./discovery";
import type { StatementState } from "./states";

export const COUNT_SHARDS = 16;

export function contentOf(s: Statement): StatementContent {
  return {
    title: s.title,
    summary: s.summary,
    preamble: s.preamble,
    callToResidents: s.call_to_residents,
    askOfOfficials: s.ask_of_officials,
    pledge: s.pledge,
  };
}

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
    if (!statement) throw new StatementNotEditable();
    const jurisdiction = await trx
      .selectFrom("jurisdictions")
      .select("name")
      .where("id", "=", statement.jurisdiction_id)
      .executeTakeFirstOrThrow();
    const canonical = canonicalStatementText({ ...contentOf(statement), jurisdiction: jurisdiction.name });
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
    await trx
      .insertInto("statement_count_shards")
      .values(Array.from({ length: COUNT_SHARDS }, (_, shard) => ({ statement_id: id, shard, verified: 0 })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    return updated;
  };
  return inTransaction(db, run);
}

export class StatementNotEditable extends Error {
  constructor() {
    super("This statement is published: its text can no longer change.");
  }
}

export async function findStatementBySlug(slug: string, db: Executor = getReadDb()) {
  return db.selectFrom("statements").selectAll().where("slug", "=", slug).executeTakeFirst();
}

/** The exact verified count: the sum of the statement's counter shards. */
export async function verifiedCount(statementId: number, db: Executor = getReadDb()): Promise<number> {
  const row = await db
    .selectFrom("statement_count_shards")
    .select(sql<number>`coalesce(sum(verified), 0)::int`.as("n"))
    .where("statement_id", "=", statementId)
    .executeTakeFirst();
  return row?.n ?? 0;
}

// ---------------------------------------------------------------------------
// Discovery: the home page's lists and search, and the feed of new statements.

const verifiedSum = sql<number>`coalesce((select sum(verified) from statement_count_shards where statement_id = statements.id), 0)::int`;

/** `%`, `_` and the backslash are special to LIKE: a search for "100%" means the text "100%". */
function containsPattern(text: string) {
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

/**
 * Open statements for the home page: searched by title (substring, any
 * case) and place (jurisdiction slug), ordered by the chosen sort. Closing
 * soon lists only statements with a deadline still ahead.
 */
export async function findOpenStatements(
  { sort, q = "", jurisdiction, limit = 50 }: { sort: DiscoverySort; q?: string; jurisdiction?: string; limit?: number },
  db: Executor = getReadDb(),
) {
  let query = db
    .selectFrom("statements")
    .innerJoin("jurisdictions", "jurisdictions.id", "statements.jurisdiction_id")
    .select([
      "statements.id",
      "statements.slug",
      "statements.title",
      "statements.summary",
      "statements.goal",
      "statements.deadline",
      "statements.opened_at",
      "jurisdictions.name as jurisdiction",
      "jurisdictions.slug as jurisdictionSlug",
      verifiedSum.as("verified"),
    ])
    .where("statements.state", "=", "open");
  if (q) query = query.where("statements.title", "ilike", containsPattern(q));
  if (jurisdiction) query = query.where("jurisdictions.slug", "=", jurisdiction);
  if (sort === "closing") query = query.where("statements.deadline", ">", sql<Date>`now()`).orderBy("statements.deadline", "asc");
  else if (sort === "signed") query = query.orderBy("verified", "desc");
  return query
    .orderBy(sql`coalesce(statements.opened_at, statements.published_at)`, (ob) => ob.desc().nullsLast())
    .orderBy("statements.id", "desc")
    .limit(limit)
    .execute();
}

/** Places that have open statements, for the home page's filter. */
export async function listJurisdictionsWithOpenStatements(db: Executor = getReadDb()) {
  return db
    .selectFrom("jurisdictions")
    .select(["jurisdictions.slug", "jurisdictions.name"])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("statements")
          .select("statements.id")
          .whereRef("statements.jurisdiction_id", "=", "jurisdictions.id")
          .where("statements.state", "=", "open"),
      ),
    )
    .orderBy("jurisdictions.name")
    .execute();
}

/** The newest statements to have opened (still open or not), for the Atom feed. */
export async function listNewStatements({ limit = 30 }: { limit?: number } = {}, db: Executor = getReadDb()) {
  return db
    .selectFrom("statements")
    .innerJoin("jurisdictions", "jurisdictions.id", "statements.jurisdiction_id")
    .select(["statements.id", "statements.slug", "statements.title", "statements.summary", "statements.opened_at", "jurisdictions.name as jurisdiction"])
    .where("statements.state", "in", ["open", "closed", "delivered"])
    .where("statements.opened_at", "is not", null)
    .orderBy("statements.opened_at", "desc")
    .orderBy("statements.id", "desc")
    .limit(limit)
    .execute();
}

export async function listPublicStatements({ limit = 50 }: { limit?: number } = {}, db: Executor = getReadDb()) {
  return db
    .selectFrom("statements")
    .innerJoin("jurisdictions", "jurisdictions.id", "statements.jurisdiction_id")
    .select([
      "statements.id",
      "statements.slug",
      "statements.title",
      "statements.summary",
      "statements.state",
      "statements.goal",
      "statements.deadline",
      "statements.published_at",
      "jurisdictions.name as jurisdiction",
      (eb) =>
        eb
          .selectFrom("statement_count_shards")
          .select(sql<number>`coalesce(sum(verified), 0)::int`.as("n"))
          .whereRef("statement_count_shards.statement_id", "=", "statements.id")
          .as("verified"),
    ])
    .where("statements.state", "in", ["open", "closed", "delivered"])
    .orderBy("statements.published_at", "desc")
    .limit(limit)
    .execute();
}
