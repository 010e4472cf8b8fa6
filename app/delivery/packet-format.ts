// Pure rules of delivery: the packet's CSV, its hash chain and manifest, and
// the check anyone holding a packet can run. No I/O here; hashing is Node's
// (components import only types and the form schemas from this file).
import { hash } from "node:crypto";
import { z } from "zod";
import { formatNumber, type Locale } from "~/i18n/core";
import { idSchema } from "~/utils/id-schema";
import type { DisplayChoice } from "../../db/states";

export const MANIFEST_FORMAT = "undersigned-packet-manifest/1";
export const CHAIN_ALGORITHM = "sha256-chain/1";
export const CSV_COLUMNS = ["row", "name", "ward", "outside_jurisdiction", "verified_at"] as const;
/** Attach the PDF and CSV to officials' emails when together they are no larger than this. */
export const ATTACHMENT_LIMIT_BYTES = 10 * 1024 * 1024;
export const RESPONSE_MAX = 5_000;
export const PACKET_FILE_KINDS = ["pdf", "csv"] as const;
export type PacketFileKind = (typeof PACKET_FILE_KINDS)[number];

// Excel shows a UTF-8 file without a byte-order mark as mojibake, and
// officials open the CSV in Excel. RFC 4180 parsers skip it.
export const CSV_BOM = "\uFEFF";

// One-shot hashing: a chain link per signature must not allocate a Hash object each.
const sha256 = (data: string | Uint8Array) => hash("sha256", data, "hex");

/**
 * The name officials see. `private` signers agreed to be named to officials
 * (never publicly); `initials` signers allowed only a first name and a last
 * initial anywhere, and packets often become public records.
 */
export function officialDisplayName(name: string, display: DisplayChoice): string {
  const clean = name.normalize("NFC").replace(/\s+/g, " ").trim();
  if (display !== "initials") return clean;
  const words = clean.split(" ");
  if (words.length < 2) return clean;
  const last = Array.from(words[words.length - 1])[0] ?? "";
  return `${words[0]} ${last.toUpperCase()}.`;
}

/**
 * A spreadsheet runs a cell starting with = + - @ as a formula; a leading
 * apostrophe keeps it text (OWASP's advice for CSV exports).
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field: quoted only when it must be, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record, without its line ending. */
export function csvRecord(fields: readonly string[]): string {
  return fields.map(csvField).join(",");
}

export interface PacketRow {
  position: number;
  name: string;
  display: DisplayChoice;
  ward: string | null;
  outsideJurisdiction: boolean;
  verifiedAt: Date;
}

/** The fields of one signature as the CSV (and the PDF) show it. */
export function packetFields(row: PacketRow): string[] {
  return [
    String(row.position),
    spreadsheetSafe(officialDisplayName(row.name, row.display)),
    spreadsheetSafe(row.ward ?? ""),
    row.outsideJurisdiction ? "yes" : "no",
    row.verifiedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
  ];
}

/** Parses RFC 4180 text (CRLF or LF line endings) into records of fields. */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith(CSV_BOM) ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      if (c === "\r" && input[i + 1] === "\n") i++;
    } else field += c;
    i++;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * The hash chain over the rows: each link hashes the previous link and one
 * CSV record. The first delivery starts from the statement's version hash and
 * a supplement from the previous delivery's last link, so one chain covers
 * the text and every signature ever delivered, in order.
 */
export function chainLink(previous: string, record: string): string {
  return sha256(`${previous}\n${record}`);
}

export interface WardTotal {
  ward: string;
  count: number;
}

export interface PacketManifestCore {
  format: typeof MANIFEST_FORMAT;
  statement: { slug: string; title: string; jurisdiction: string; versionHash: string; text: string; textSha256: string };
  delivery: { sequence: number; deliveredAt: string; previousPacketSha256: string | null };
  signatures: {
    count: number;
    byWard: WardTotal[];
    outsideJurisdiction: number;
    wardNotGiven: number;
    csv: { sha256: string; bytes: number; columns: string[] };
    chain: { algorithm: typeof CHAIN_ALGORITHM; seed: string; head: string };
  };
}

export interface PacketManifest extends PacketManifestCore {
  /** SHA-256 of the canonical JSON of everything above: printed on every page of the PDF. */
  packetSha256: string;
  /** The PDF is made after the hash it prints, so it is listed here, outside that hash. */
  pdf?: { sha256: string; bytes: number };
}

/** JSON with keys sorted at every level, so the same manifest always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The hashes shown to officials and the public: what a packet is checked against. */
export function packetHashes(m: PacketManifest) {
  return { packet: m.packetSha256, csv: m.signatures.csv.sha256, chainHead: m.signatures.chain.head, statementVersion: m.statement.versionHash };
}
export type PacketHashes = ReturnType<typeof packetHashes>;

export function sealManifest(core: PacketManifestCore): PacketManifest {
  return { ...core, packetSha256: sha256(canonicalJson(core)) };
}

function coreOf(m: PacketManifest): PacketManifestCore {
  return { format: m.format, statement: m.statement, delivery: m.delivery, signatures: m.signatures };
}

export interface VerifyResult {
  ok: boolean;
  problems: string[];
  rows: number;
}

/**
 * What anyone holding a packet can check: the manifest is sealed, the CSV is
 * byte for byte the one delivered, it has exactly the counted rows, the chain
 * over them ends where the manifest says, and the totals add up.
 */
export function verifyPacket({ manifest, csv, pdf }: { manifest: PacketManifest; csv: Uint8Array | string; pdf?: Uint8Array }): VerifyResult {
  const problems: string[] = [];
  const s = manifest.signatures;
  if (manifest.format !== MANIFEST_FORMAT) problems.push(`unknown manifest format ${String(manifest.format)}`);
  if (sha256(canonicalJson(coreOf(manifest))) !== manifest.packetSha256)
    problems.push("the manifest does not match its packet hash: it was changed");
  if (sha256(manifest.statement.text) !== manifest.statement.textSha256)
    problems.push("the statement text does not match its hash");

  const bytes = typeof csv === "string" ? new TextEncoder().encode(csv) : csv;
  if (sha256(bytes) !== s.csv.sha256) problems.push("the CSV's SHA-256 differs from the manifest's");
  if (bytes.length !== s.csv.bytes) problems.push(`the CSV has ${bytes.length} bytes, the manifest says ${s.csv.bytes}`);

  const [header, ...records] = parseCsv(new TextDecoder().decode(bytes));
  if (!header || header.join(",") !== s.csv.columns.join(",")) problems.push("the CSV's header row differs from the manifest's columns");
  if (records.length !== s.count) problems.push(`the CSV has ${records.length} rows, the manifest counts ${s.count}`);

  let link = s.chain.seed;
  const wards = new Map<string, number>();
  let outside = 0;
  let noWard = 0;
  records.forEach((fields, i) => {
    link = chainLink(link, csvRecord(fields));
    if (fields[0] !== String(i + 1)) problems.push(`row ${i + 1} is numbered ${fields[0]}`);
    if (fields[3] === "yes") outside++;
    else if (fields[2]) wards.set(fields[2], (wards.get(fields[2]) ?? 0) + 1);
    else noWard++;
  });
  if (link !== s.chain.head) problems.push("the hash chain over the rows does not end at the manifest's head: a row was added, removed or changed");
  const expected = new Map(s.byWard.filter((w) => w.count > 0).map((w) => [spreadsheetSafe(w.ward), w.count]));
  const wardsMatch = expected.size === wards.size && [...expected].every(([w, n]) => wards.get(w) === n);
  if (!wardsMatch || outside !== s.outsideJurisdiction || noWard !== s.wardNotGiven)
    problems.push("the totals by ward differ from the rows");
  if (pdf && manifest.pdf && sha256(pdf) !== manifest.pdf.sha256) problems.push("the PDF's SHA-256 differs from the manifest's");
  return { ok: problems.length === 0, problems, rows: records.length };
}

export const respondSchema = z.object({
  response: z
    .string({ message: "Write your response" })
    .trim()
    .min(1, "Write your response")
    .max(RESPONSE_MAX, `Your response must be at most ${RESPONSE_MAX.toLocaleString("en-US")} characters`)
    .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), "Your response contains characters that cannot be shown"),
});

export const officialIntentSchema = z.enum(["acknowledge", "preview", "edit", "respond"]);
export const organizerIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("deliver"), sequence: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("retry"), officialDeliveryId: idSchema() }),
]);

export function formatBytes(locale: Locale, bytes: number) {
  if (bytes < 1024) return `${formatNumber(locale, bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(locale, Math.round(bytes / 1024))} KB`;
  return `${formatNumber(locale, Math.round((bytes / (1024 * 1024)) * 10) / 10)} MB`;
}
