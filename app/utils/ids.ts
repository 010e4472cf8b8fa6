/**
 * The largest value of a Postgres `integer` column. An id beyond it names
 * nothing of ours, and passed to a query it makes Postgres fail ("out of
 * range for type integer"): every id from a form or an address is checked
 * against it first.
 */
const MAX_ID = 2_147_483_647;

export function isId(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n <= MAX_ID;
}
