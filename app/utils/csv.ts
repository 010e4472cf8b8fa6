// CSV as RFC 4180 writes it (CRLF rows, fields quoted when they hold a comma,
// quote or line break, quotes doubled), made safe to open in a spreadsheet.

// A cell starting with one of these is read as a formula by Excel, LibreOffice
// and Google Sheets (OWASP "CSV injection"); a leading apostrophe keeps it text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
