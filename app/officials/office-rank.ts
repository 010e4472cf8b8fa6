// The one order officials are listed in, everywhere (the statement page, the
// directory, the delivery record, a delivery's emails): by office in this
// order, then by ward, then by name. Client-safe: the SQL form of the same
// rank is in office-rank.server.ts, built from this array.
import type { Office } from "../../db/states";

export const OFFICE_ORDER = ["mayor", "ward_councilor", "at_large_councilor", "other"] as const satisfies readonly Office[];

/** Officials grouped by office, the groups in OFFICE_ORDER, each group in the order given. */
export function groupByOffice<T extends { office: Office }>(officials: T[]): { office: Office; officials: T[] }[] {
  return OFFICE_ORDER.map((office) => ({ office, officials: officials.filter((o) => o.office === office) })).filter((g) => g.officials.length > 0);
}
