// The check anyone holding a packet can run (scripts/verify-packet.ts, the
// tests): the manifest is sealed, the CSV is byte for byte the one delivered,
// it has exactly the counted rows, the chain over them ends where the
// manifest says, and the totals add up.
import { csvRecord, parseCsv, spreadsheetSafe } from "~/utils/csv";
import { chainLink, manifestIsSealed, MANIFEST_FORMAT, sha256, type PacketManifest } from "./manifest";

export interface VerifyResult {
  ok: boolean;
  problems: string[];
  rows: number;
}

export function verifyPacket({ manifest, csv, pdf }: { manifest: PacketManifest; csv: Uint8Array | string; pdf?: Uint8Array }): VerifyResult {
  const problems: string[] = [];
  const s = manifest.signatures;
  if (manifest.format !== MANIFEST_FORMAT) problems.push(`unknown manifest format ${String(manifest.format)}`);
  if (!manifestIsSealed(manifest)) problems.push("the manifest does not match its packet hash: it was changed");
  if (sha256(manifest.statement.text) !== manifest.statement.textSha256) problems.push("the statement text does not match its hash");

  const bytes = typeof csv === "string" ? new TextEncoder().encode(csv) : csv;
  if (sha256(bytes) !== s.csv.sha256) problems.push("the CSV's SHA-256 differs from the manifest's");
  if (bytes.length !== s.csv.bytes) problems.push(`the CSV has ${bytes.length} bytes, the manifest says ${s.csv.bytes}`);

  let parsed: string[][];
  try {
    parsed = parseCsv(new TextDecoder().decode(bytes), { exact: true });
  } catch (e) {
    problems.push(`the CSV cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    return { ok: false, problems, rows: 0 };
  }
  const [header, ...records] = parsed;
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
  if (!wardsMatch || outside !== s.outsideJurisdiction || noWard !== s.wardNotGiven) problems.push("the totals by ward differ from the rows");
  if (pdf && manifest.pdf && sha256(pdf) !== manifest.pdf.sha256) problems.push("the PDF's SHA-256 differs from the manifest's");
  return { ok: problems.length === 0, problems, rows: records.length };
}
