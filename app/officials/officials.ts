// The officials directory's shared words: client-safe, no zod (the form
// schemas are in officials-input.server.ts, read by actions and the CSV reader).

/** The columns of a directory import (officials-csv.ts reads them). */
export const CSV_COLUMNS = ["name", "office", "ward", "email"] as const;
