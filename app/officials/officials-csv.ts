// Reading a directory CSV (admin import): every row checked against the
// jurisdiction's wards, every problem reported by its row number.
import { CsvUnreadable, parseCsv } from "~/utils/csv";
import { CSV_COLUMNS } from "./officials";
import { officialSchema, type OfficialInput } from "./officials-input.server";
import { OFFICES } from "../../db/states";

const CSV_MAX_ROWS = 1_000;

export interface CsvRowError {
  /** The record's number as a spreadsheet shows it: the header is row 1. */
  row: number;
  /** The column at fault, as the file names it. */
  column?: string;
  /** A catalog key, shown with `vars`. */
  message: string;
  vars?: Record<string, string | number>;
}

/** "At-large Councillor" → "at_large_councilor". */
export function officeFromText(value: string): string {
  return value
    .toLowerCase()
    .replace(/councillor/g, "councilor")
    .replace(/[^a-z]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

const CSV_FIELD_NAMES: Record<string, string> = { name: "name", office: "office", wardId: "ward", email: "email" };

/**
 * Reads an officials CSV (columns name, office, ward, email, in any order)
 * against a jurisdiction's wards. Every row is checked; every problem is
 * reported with its row number.
 */
export function readOfficialsCsv(
  text: string,
  wards: { id: number; name: string }[],
): { officials: (OfficialInput & { row: number })[]; errors: CsvRowError[] } {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (e) {
    if (!(e instanceof CsvUnreadable)) throw e;
    return { officials: [], errors: [{ row: 1, message: "import.error.unreadable" }] };
  }
  const errors: CsvRowError[] = [];
  const officials: (OfficialInput & { row: number })[] = [];
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = ["name", "office", "email"].filter((c) => !header.includes(c));
  if (records.length === 0 || missing.length) {
    return {
      officials,
      errors: [{ row: 1, message: "import.error.header", vars: { columns: CSV_COLUMNS.join(", "), missing: missing.join(", ") || CSV_COLUMNS.join(", ") } }],
    };
  }
  if (records.length - 1 > CSV_MAX_ROWS) {
    return { officials, errors: [{ row: CSV_MAX_ROWS + 2, message: "import.error.tooMany", vars: { max: CSV_MAX_ROWS } }] };
  }
  const col = (record: string[], name: string) => {
    const i = header.indexOf(name);
    return i === -1 ? "" : (record[i] ?? "").trim();
  };
  const wardByName = new Map(wards.map((w) => [w.name.trim().toLowerCase(), w.id]));
  const seen = new Map<string, number>();
  records.slice(1).forEach((record, i) => {
    const row = i + 2;
    if (record.every((f) => f.trim() === "")) return;
    const wardText = col(record, "ward");
    let wardId = "";
    if (wardText) {
      const id = wardByName.get(wardText.toLowerCase()) ?? wardByName.get(`ward ${wardText}`.toLowerCase());
      if (id === undefined) {
        errors.push({ row, column: "ward", message: "import.error.noSuchWard", vars: { ward: wardText } });
        return;
      }
      wardId = String(id);
    }
    const parsed = officialSchema.safeParse({ name: col(record, "name"), office: officeFromText(col(record, "office")), wardId, email: col(record, "email") });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = CSV_FIELD_NAMES[String(issue.path[0])] ?? String(issue.path[0]);
        if (column === "office") errors.push({ row, column, message: "import.error.office", vars: { offices: OFFICES.join(", ") } });
        else errors.push({ row, column, message: issue.message });
      }
      return;
    }
    const earlier = seen.get(parsed.data.email);
    if (earlier) {
      errors.push({ row, column: "email", message: "import.error.duplicate", vars: { email: parsed.data.email, earlier } });
      return;
    }
    seen.set(parsed.data.email, row);
    officials.push({ ...parsed.data, row });
  });
  if (officials.length === 0 && errors.length === 0) errors.push({ row: 2, message: "import.error.empty" });
  return { officials, errors };
}
