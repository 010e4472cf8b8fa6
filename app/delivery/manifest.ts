// A packet's manifest and hash chain: pure rules, no I/O, no CSV reading
// (so the pages that show a packet's hashes import nothing heavy). Hashing is
// Node's; components import only types from here.
import { hash } from "node:crypto";

export const MANIFEST_FORMAT = "undersigned-packet-manifest/1";
export const CHAIN_ALGORITHM = "sha256-chain/1";

// One-shot hashing: a chain link per signature must not allocate a Hash object each.
export const sha256 = (data: string | Uint8Array) => hash("sha256", data, "hex");

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
function canonicalJson(value: unknown): string {
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

/** Whether the manifest is the one its packet hash was made from. */
export function manifestIsSealed(m: PacketManifest): boolean {
  const core: PacketManifestCore = { format: m.format, statement: m.statement, delivery: m.delivery, signatures: m.signatures };
  return sha256(canonicalJson(core)) === m.packetSha256;
}
