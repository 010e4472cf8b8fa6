import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getReadDb } from "~/db.server";
import { verifiedSum } from "~/signing/verified-count.server";
import type { DiscoverySort } from "./discovery";

// Discovery: the home page's lists and search, and the feed of new statements.

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
      "statements.title_es",
      "statements.summary_es",
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
