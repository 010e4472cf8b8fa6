// The formula guard of every CSV we write, alone so client code (/verify's
// packet check) can use it without the CSV reader (csv-parse) in its bundle.

// A cell starting with one of these is read as a formula by Excel, LibreOffice
// and Google Sheets (OWASP "CSV injection"); a leading apostrophe keeps it text.
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text a spreadsheet shows as text: a leading apostrophe before what it would run as a formula. */
export function spreadsheetSafe(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
