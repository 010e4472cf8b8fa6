import type { Database } from "../../db/types";

/**
 * A table's columns named with the table (`statements.id`, …), for selects
 * over joins: a list of names instead of a line a column.
 */
export function columnsOf<T extends keyof Database & string, C extends keyof Database[T] & string>(table: T, names: readonly C[]): `${T}.${C}`[] {
  return names.map((name) => `${table}.${name}` as `${T}.${C}`);
}
