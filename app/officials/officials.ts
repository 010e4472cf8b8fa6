import { z } from "zod";
import { isId } from "~/utils/ids";
import { OFFICES, type Office } from "../../db/states";

const noControl = (v: string) => !/[\u0000-\u001f\u007f]/.test(v);

export const officialEmailSchema = z
  .string()
  .trim()
  .min(1, "official.error.emailRequired")
  .max(254, "form.error.emailTooLong")
  .refine(noControl, "form.error.emailSingle")
  .pipe(z.email("form.error.emailInvalid"))
  .transform((v) => v.toLowerCase());

export const officialSchema = z
  .object({
    name: z.string().trim().min(1, "official.error.nameRequired").max(200, "official.error.nameTooLong").refine(noControl, "official.error.nameCharacters"),
    office: z.enum(OFFICES, { message: "official.error.office" }),
    wardId: z
      .string()
      .trim()
      .refine((v) => v === "" || (/^\d+$/.test(v) && isId(Number(v))), "official.error.ward")
      .transform((v) => (v ? Number(v) : null)),
    email: officialEmailSchema,
  })
  .superRefine((o, ctx) => {
    if (o.office === "ward_councilor" && o.wardId === null)
      ctx.addIssue({ code: "custom", path: ["wardId"], message: "official.error.wardRequired" });
    if (o.office !== "ward_councilor" && o.wardId !== null)
      ctx.addIssue({ code: "custom", path: ["wardId"], message: "official.error.wardNotAllowed" });
  });
export type OfficialInput = z.output<typeof officialSchema>;

export const jurisdictionSchema = z.object({
  name: z.string().trim().min(1, "jurisdiction.error.nameRequired").max(200, "official.error.nameTooLong").refine(noControl, "official.error.nameCharacters"),
  wards: z
    .string()
    .max(10_000)
    .transform((v) => [...new Set(v.split(/\r?\n/).map((w) => w.trim()).filter(Boolean))])
    .pipe(
      z
        .array(z.string().max(100, "jurisdiction.error.wardTooLong").refine(noControl, "jurisdiction.error.wardCharacters"))
        .max(100, "jurisdiction.error.tooManyWards"),
    ),
});

/** Officials in the order a directory reads: mayor, ward councilors by ward, at-large, others. */
export function groupByOffice<T extends { office: Office }>(officials: T[]): { office: Office; officials: T[] }[] {
  return OFFICES.map((office) => ({ office, officials: officials.filter((o) => o.office === office) })).filter(
    (g) => g.officials.length > 0,
  );
}

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const src = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** "At-large Councillor" → "at_large_councilor". */
export function officeFromText(value: string): string {
  return value
    .toLowerCase()
    .replace(/councillor/g, "councilor")
    .replace(/[^a-z]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

export const CSV_COLUMNS = ["name", "office", "ward", "email"] as const;
export const CSV_MAX_ROWS = 1_000;

export interface CsvRowError {
  /** The record's number as a spreadsheet shows it: the header is row 1. */
  row: number;
  /** The column at fault, as the file names it. */
  column?: string;
  /** A catalog key, shown with `vars`. */
  message: string;
  vars?: Record<string, string | number>;
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
  const records = parseCsv(text);
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
