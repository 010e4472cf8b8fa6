// The packet's CSV as officials receive it: its columns and how one frozen
// signature is written. Its bytes are hashed (the manifest, the chain), so
// the same rows must always give the same bytes.
import { csvRecord, spreadsheetSafe } from "~/utils/csv";
import type { DisplayChoice } from "../../db/states";
import { NAME_WITHHELD, WHO_SEES_WHAT } from "~/signing/who-sees-what";

export const CSV_COLUMNS = ["row", "name", "ward", "outside_jurisdiction", "verified_at"] as const;

export interface PacketRow {
  position: number;
  name: string;
  display: DisplayChoice;
  ward: string | null;
  outsideJurisdiction: boolean;
  verifiedAt: Date;
}

/**
 * The name officials see. `private` signers agreed to be named to officials
 * (never publicly); `initials` signers allowed only a first name and a last
 * initial anywhere, and packets often become public records; `anonymous`
 * signers are listed as NAME_WITHHELD, with their ward.
 */
export function officialDisplayName(name: string, display: DisplayChoice): string {
  if (WHO_SEES_WHAT[display].officials === "withheld") return NAME_WITHHELD;
  const clean = name.normalize("NFC").replace(/\s+/g, " ").trim();
  if (display !== "initials") return clean;
  const words = clean.split(" ");
  if (words.length < 2) return clean;
  const last = Array.from(words[words.length - 1])[0] ?? "";
  return `${words[0]} ${last.toUpperCase()}.`;
}

/** The fields of one signature as the CSV shows them. */
function packetFields(row: PacketRow): string[] {
  return [
    String(row.position),
    spreadsheetSafe(officialDisplayName(row.name, row.display)),
    spreadsheetSafe(row.ward ?? ""),
    row.outsideJurisdiction ? "yes" : "no",
    row.verifiedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
  ];
}

/** The CSV's header line, without its line ending. */
export const packetCsvHeader = () => csvRecord(CSV_COLUMNS);

/** One signature's CSV record, without its line ending: what the hash chain links. */
export const packetCsvRecord = (row: PacketRow) => csvRecord(packetFields(row));
