import type { Executor } from "../../db/types";
import { getDb } from "~/db.server";
import { notFound } from "~/utils/domain-error";
import { isId } from "~/utils/ids";
import type { OrganizerRole } from "../../db/states";

/**
 * The statement, if `userId` organizes it (owner or co-organizer). Routes
 * answer 404 otherwise, so nobody learns that someone else's draft exists.
 */
async function findStatementForOrganizer(
  { statementId, userId }: { statementId: number; userId: number },
  db: Executor = getDb(),
) {
  if (!isId(statementId)) return undefined;
  return db
    .selectFrom("statements")
    .innerJoin("statement_organizers", "statement_organizers.statement_id", "statements.id")
    .selectAll("statements")
    .select("statement_organizers.role as role")
    .where("statements.id", "=", statementId)
    .where("statement_organizers.user_id", "=", userId)
    .executeTakeFirst();
}

export type OrganizedStatement = NonNullable<Awaited<ReturnType<typeof findStatementForOrganizer>>> & { role: OrganizerRole };

/** The statement; a not_found DomainError unless the user organizes it (routes answer 404 through orHttpError). */
export async function requireOrganizedStatement(
  { statementId, userId }: { statementId: number | string | undefined; userId: number },
  db: Executor = getDb(),
): Promise<OrganizedStatement> {
  const id = Number(statementId);
  const statement = await findStatementForOrganizer({ statementId: id, userId }, db);
  if (!statement) throw notFound();
  return statement;
}
