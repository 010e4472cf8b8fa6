// The one CSV module: writing as RFC 4180 does (CRLF rows, fields quoted when
// they hold a comma, quote or line break, quotes doubled), made safe to open
// in a spreadsheet, and reading with csv-parse. Server-side only (routes'
// loaders and actions, scripts): csv-parse stays out of browser bundles.
import { parse } from "csv-parse/sync";

// Excel shows a UTF-8 file without a byte-order mark as mojibake, and people
// open these files in Excel. RFC 4180 parsers skip it.
export const CSV_BOM = "\uFEFF";

import { spreadsheetSafe } from "./spreadsheet-safe";

export { spreadsheetSafe };

/** One RFC 4180 field as written: quoted only when it must be, quotes doubled. No formula guard. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record of fields exactly as given, without its line ending (what a packet's hash chain covers). */
export function csvRecord(fields: readonly string[]): string {
  return fields.map(csvField).join(",");
}

/** One cell of an export: text is made spreadsheet-safe, numbers are written as they are. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  return csvField(typeof value === "string" ? spreadsheetSafe(value) : String(value));
}

/** One row of an export, with its CRLF. */
export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/**
 * Reads CSV text (CRLF or LF, a byte-order mark skipped) into records of
 * fields. `exact` keeps every field byte for byte (for checking a packet's
 * hashes); otherwise fields are trimmed, as for a file people typed.
 * A blank line is kept as a record of one empty field, so record numbers
 * stay the file's line numbers. Throws CsvUnreadable for text that is not CSV.
 */
export function parseCsv(text: string, { exact = false }: { exact?: boolean } = {}): string[][] {
  try {
    // Line endings may be mixed (a file edited on two systems): any of them ends a record.
    return parse(text, { bom: true, record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true, skip_empty_lines: false, trim: !exact }) as string[][];
  } catch (e) {
    throw new CsvUnreadable(e instanceof Error ? e.message : String(e));
  }
}

export class CsvUnreadable extends Error {
  constructor(reason: string) {
    super(`not readable as CSV: ${reason}`);
    this.name = "CsvUnreadable";
  }
}
