import { z } from "zod";

/**
 * The largest value of a Postgres `integer` column. An id beyond it names
 * nothing of ours, and passed to a query it makes Postgres fail ("out of
 * range for type integer"): every id from a form or an address is checked
 * against it first.
 */
export const MAX_ID = 2_147_483_647;

export function isId(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n <= MAX_ID;
}

/** A row id from a form field, with one message for every way it can be wrong. */
export function idSchema(message = "Choose one from the list") {
  return z.coerce.number({ message }).refine(isId, message);
}
