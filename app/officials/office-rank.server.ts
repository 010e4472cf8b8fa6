// OFFICE_ORDER as SQL, so every query that lists officials orders them the
// same way: office rank, then ward position (no ward last), then name.
import { sql, type RawBuilder } from "kysely";
import { OFFICE_ORDER } from "./office-rank";

/** `case <office> when 'mayor' then 0 … else n end`, from OFFICE_ORDER. */
function officeRankSql(officeColumn: string): RawBuilder<number> {
  const whens = OFFICE_ORDER.map((office, i) => sql`when ${sql.lit(office)} then ${sql.lit(i)}`);
  return sql<number>`case ${sql.ref(officeColumn)} ${sql.join(whens, sql` `)} else ${sql.lit(OFFICE_ORDER.length)} end`;
}

/**
 * Orders a query's officials the one way: `.$call(inOfficialOrder({ office:
 * "o.office", wardPosition: "w.position", name: "o.name" }))`.
 */
export function inOfficialOrder({ office, wardPosition, name }: { office: string; wardPosition: string; name: string }) {
  // Loosely typed on purpose: it adds three ORDER BY terms to any select, whatever its tables.
  return <QB extends { orderBy(expression: RawBuilder<unknown>): QB }>(qb: QB): QB =>
    qb.orderBy(officeRankSql(office)).orderBy(sql`${sql.ref(wardPosition)} nulls last`).orderBy(sql`${sql.ref(name)}`);
}
