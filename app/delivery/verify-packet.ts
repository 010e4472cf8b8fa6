// The check anyone holding a packet can run (scripts/verify-packet.ts, the
// /verify page in the browser and on the server, the tests): the manifest is
// sealed, the CSV is byte for byte the one delivered, it has exactly the
// counted rows, the chain and the Merkle tree over them end where the
// manifest says, and the totals add up. Hashing is passed in (merkle.ts's
// Digest); nothing here needs Node, so the browser runs it with Web Crypto.
import { spreadsheetSafe } from "~/utils/spreadsheet-safe";
import { chainInput, isKnownManifestFormat, manifestIsSealed, sha256Hex, type PacketManifest } from "./manifest";
import { leafHash, MerkleStack, toHex, webDigest, type Digest } from "./merkle";

/** What differs, as a code and its figures: the CLI says it in English, /verify in the reader's language. */
export type PacketProblem =
  | { code: "format" | "sealed" | "text" | "csvSha256" | "unreadable" | "header" | "chain" | "merkle" | "totals" | "pdfSha256" }
  | { code: "csvBytes" | "count"; actual: number; expected: number }
  | { code: "numbering"; row: number; number: string };

export interface VerifyResult {
  ok: boolean;
  problems: PacketProblem[];
  rows: number;
}

/**
 * A packet CSV's records as written (RFC 4180, CRLF endings), each as its
 * exact text (what the chain and the tree hash) and its fields. Throws on
 * a quote left open.
 */
export function packetCsvRecords(text: string): { raw: string; fields: string[] }[] {
  const out: { raw: string; fields: string[] }[] = [];
  let start = 0;
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === undefined) throw new Error("a quoted field is never closed");
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === undefined || (c === "\r" && text[i + 1] === "\n")) {
      // The text's end after a final line ending is no record.
      if (c === undefined && start === text.length) break;
      fields.push(field);
      out.push({ raw: text.slice(start, i), fields });
      fields = [];
      field = "";
      if (c !== undefined) i++;
      start = i + 1;
    } else field += c;
  }
  return out;
}

export async function verifyPacket(
  { manifest, csv, pdf }: { manifest: PacketManifest; csv: Uint8Array | string; pdf?: Uint8Array },
  digest: Digest = webDigest,
): Promise<VerifyResult> {
  const problems: PacketProblem[] = [];
  const s = manifest.signatures;
  if (!isKnownManifestFormat(manifest.format)) problems.push({ code: "format" });
  if (!(await manifestIsSealed(manifest, digest))) problems.push({ code: "sealed" });
  if ((await sha256Hex(manifest.statement.text, digest)) !== manifest.statement.textSha256) problems.push({ code: "text" });

  const bytes = typeof csv === "string" ? new TextEncoder().encode(csv) : csv;
  if ((await sha256Hex(bytes, digest)) !== s.csv.sha256) problems.push({ code: "csvSha256" });
  if (bytes.length !== s.csv.bytes) problems.push({ code: "csvBytes", actual: bytes.length, expected: s.csv.bytes });

  let parsed: { raw: string; fields: string[] }[];
  try {
    // The decoder drops the byte-order mark.
    parsed = packetCsvRecords(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    problems.push({ code: "unreadable" });
    return { ok: false, problems, rows: 0 };
  }
  const [header, ...records] = parsed;
  if (!header || header.fields.join(",") !== s.csv.columns.join(",")) problems.push({ code: "header" });
  if (records.length !== s.count) problems.push({ code: "count", actual: records.length, expected: s.count });

  let link = s.chain.seed;
  const tree = new MerkleStack(digest);
  const wards = new Map<string, number>();
  let outside = 0;
  let noWard = 0;
  for (const [i, { raw, fields }] of records.entries()) {
    link = await sha256Hex(chainInput(link, raw), digest);
    await tree.push(await leafHash(raw, digest));
    if (fields[0] !== String(i + 1)) problems.push({ code: "numbering", row: i + 1, number: fields[0] });
    if (fields[3] === "yes") outside++;
    else if (fields[2]) wards.set(fields[2], (wards.get(fields[2]) ?? 0) + 1);
    else noWard++;
  }
  if (link !== s.chain.head) problems.push({ code: "chain" });
  if (s.merkle && (s.merkle.leaves !== records.length || toHex(await tree.root()) !== s.merkle.root)) problems.push({ code: "merkle" });
  const expected = new Map(s.byWard.filter((w) => w.count > 0).map((w) => [spreadsheetSafe(w.ward), w.count]));
  const wardsMatch = expected.size === wards.size && [...expected].every(([w, n]) => wards.get(w) === n);
  if (!wardsMatch || outside !== s.outsideJurisdiction || noWard !== s.wardNotGiven) problems.push({ code: "totals" });
  if (pdf && manifest.pdf && (await sha256Hex(pdf, digest)) !== manifest.pdf.sha256) problems.push({ code: "pdfSha256" });
  return { ok: problems.length === 0, problems, rows: records.length };
}

type ProblemCode = PacketProblem["code"];
const PROBLEM_TEXT: { [C in ProblemCode]: (p: PacketProblem & { code: C }) => string } = {
  format: () => "unknown manifest format",
  sealed: () => "the manifest does not match its packet hash: it was changed",
  text: () => "the statement text does not match its hash",
  csvSha256: () => "the CSV's SHA-256 differs from the manifest's",
  csvBytes: (p) => `the CSV has ${p.actual} bytes, the manifest says ${p.expected}`,
  unreadable: () => "the CSV cannot be read",
  header: () => "the CSV's header row differs from the manifest's columns",
  count: (p) => `the CSV has ${p.actual} rows, the manifest counts ${p.expected}`,
  numbering: (p) => `row ${p.row} is numbered ${p.number}`,
  chain: () => "the hash chain over the rows does not end at the manifest's head: a row was added, removed or changed",
  merkle: () => "the Merkle root over the rows differs from the manifest's: a row was added, removed or changed",
  totals: () => "the totals by ward differ from the rows",
  pdfSha256: () => "the PDF's SHA-256 differs from the manifest's",
};

/** A problem in English, for the command line (the page says it through its catalogs). */
export const packetProblemText = (p: PacketProblem): string => (PROBLEM_TEXT[p.code] as (p: PacketProblem) => string)(p);
