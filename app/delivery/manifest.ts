// A packet's manifest: its shape and the rules for checking it, pure and
// free of node:crypto, so the browser's /verify uses them as the CLI does
// (hashing is passed in: merkle.ts's Digest). The server's sealing and
// chaining, synchronous and fast, are in packet-hash.server.ts.
import { toHex, type Digest } from "./merkle";

export const MANIFEST_FORMAT = "undersigned-packet-manifest/2";
/** Manifests of packets delivered before the Merkle root (decision 0010): still checked, without it. */
const LEGACY_MANIFEST_FORMAT = "undersigned-packet-manifest/1";
export const CHAIN_ALGORITHM = "sha256-chain/1";
export { MERKLE_ALGORITHM } from "./merkle";

export const isKnownManifestFormat = (format: unknown) => format === MANIFEST_FORMAT || format === LEGACY_MANIFEST_FORMAT;

/** The text a chain link hashes: the previous link and one CSV record. */
export const chainInput = (previous: string, record: string) => `${previous}\n${record}`;

const utf8 = new TextEncoder();
export async function sha256Hex(data: string | Uint8Array, digest: Digest): Promise<string> {
  return toHex(await digest(typeof data === "string" ? utf8.encode(data) : data));
}

export interface WardTotal {
  ward: string;
  count: number;
}

export interface PacketManifestCore {
  format: typeof MANIFEST_FORMAT | typeof LEGACY_MANIFEST_FORMAT;
  statement: { slug: string; title: string; jurisdiction: string; versionHash: string; text: string; textSha256: string };
  delivery: { sequence: number; deliveredAt: string; previousPacketSha256: string | null };
  signatures: {
    count: number;
    byWard: WardTotal[];
    outsideJurisdiction: number;
    wardNotGiven: number;
    csv: { sha256: string; bytes: number; columns: string[] };
    /**
     * The hash chain over the rows: each link hashes the previous link and one
     * CSV record. The first delivery starts from the statement's version hash and
     * a supplement from the previous delivery's last link, so one chain covers
     * the text and every signature ever delivered, in order.
     */
    chain: { algorithm: typeof CHAIN_ALGORITHM; seed: string; head: string };
    /** RFC 9162 tree over this packet's records (leaf i = row i + 1): what signers' receipts prove inclusion in. Absent in /1. */
    merkle?: { algorithm: "rfc9162-sha256"; leaves: number; root: string };
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

/** What the packet hash covers: everything but the hash itself and the PDF's listing. */
export const manifestCore = (m: PacketManifest): PacketManifestCore => ({
  format: m.format,
  statement: m.statement,
  delivery: m.delivery,
  signatures: m.signatures,
});

/** The hashes shown to officials and the public: what a packet is checked against. */
export function packetHashes(m: PacketManifest) {
  return { packet: m.packetSha256, csv: m.signatures.csv.sha256, chainHead: m.signatures.chain.head, statementVersion: m.statement.versionHash };
}
export type PacketHashes = ReturnType<typeof packetHashes>;

/** Whether the manifest is the one its packet hash was made from. */
export async function manifestIsSealed(m: PacketManifest, digest: Digest): Promise<boolean> {
  return (await sha256Hex(canonicalJson(manifestCore(m)), digest)) === m.packetSha256;
}
