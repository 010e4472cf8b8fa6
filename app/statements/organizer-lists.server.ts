import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb } from "~/db.server";
import { verifiedSum } from "~/signing/verified-count.server";

// What an organizer's pages list: their statements, and who a statement goes to.

/** Every statement `userId` organizes, newest first, with its verified count. */
export async function listOrganizerStatements({ userId }: { userId: number }, db: Executor = getDb()) {
  return db
    .selectFrom("statements")
    .innerJoin("statement_organizers", "statement_organizers.statement_id", "statements.id")
    .innerJoin("jurisdictions", "jurisdictions.id", "statements.jurisdiction_id")
    .select([
      "statements.id",
      "statements.slug",
      "statements.title",
      "statements.state",
      "statements.goal",
      "statements.deadline",
      "statements.updated_at",
      "statement_organizers.role",
      "jurisdictions.name as jurisdiction",
      verifiedSum.as("verified"),
    ])
    .where("statement_organizers.user_id", "=", userId)
    .orderBy("statements.updated_at", "desc")
    .orderBy("statements.id", "desc")
    .execute();
}

/** Who a statement goes to, as signers and officials see it. */
export async function listRecipients({ statementId }: { statementId: number }, db: Executor = getDb()) {
  return db
    .selectFrom("statement_officials")
    .innerJoin("officials", "officials.id", "statement_officials.official_id")
    .leftJoin("wards", "wards.id", "officials.ward_id")
    .select(["officials.id", "officials.name", "officials.office", "wards.name as ward", "officials.retired_at"])
    .where("statement_officials.statement_id", "=", statementId)
    .orderBy(sql`case officials.office when 'mayor' then 0 when 'ward_councilor' then 1 when 'at_large_councilor' then 2 else 3 end`)
    .orderBy(sql`wards.position nulls last`)
    .orderBy("officials.name")
    .execute();
}
