import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb } from "~/db.server";
import { changingPublicPages } from "./public-reads.server";

/**
 * Closes every open statement whose deadline has passed and that nothing else
 * will close: a goal or manual trigger (a deadline trigger is delivered at
 * the deadline by the automatic delivery, deliverDueStatements, and may keep
 * collecting after it if its organizers chose so). A closed statement takes
 * no more signatures; one that had been delivered while it kept collecting
 * is `delivered`. A conditional update: safe in any number of processes.
 * Returns the ids it closed.
 */
export async function closeStatementsPastDeadline(db: Executor = getDb()): Promise<number[]> {
  const closed = await changingPublicPages(
    db
      .updateTable("statements as s")
      .set({
        state: sql`case when exists (select 1 from deliveries d where d.statement_id = s.id) then 'delivered' else 'closed' end`,
        closed_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where("s.state", "=", "open")
      .where("s.delivery_trigger", "in", ["manual", "goal"])
      .where("s.deadline", "<=", sql<Date>`now()`)
      .returning("s.id")
      .execute(),
  );
  return closed.map((s) => s.id);
}
