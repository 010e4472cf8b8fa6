// The server's side of a packet's hashes: synchronous node:crypto, one call
// per link or leaf, for a million rows at the freeze. The rules they follow
// are manifest.ts's and merkle.ts's; the tests hold them equal.
import { hash } from "node:crypto";
import { canonicalJson, chainInput, type PacketManifest, type PacketManifestCore } from "./manifest";
import type { Digest } from "./merkle";

// One-shot hashing: a chain link per signature must not allocate a Hash object each.
export const sha256 = (data: string | Uint8Array) => hash("sha256", data, "hex");

/** SHA-256 as merkle.ts's Digest, synchronous. */
export const nodeDigest: Digest = (data) => hash("sha256", data, "buffer");

export const chainLink = (previous: string, record: string): string => sha256(chainInput(previous, record));

/** RFC 9162 leaf hash of a record: "\0" is the byte 0x00 in UTF-8, so no buffer is joined. */
export const recordLeaf = (record: string): Uint8Array => hash("sha256", `\0${record}`, "buffer");

export function sealManifest(core: PacketManifestCore): PacketManifest {
  return { ...core, packetSha256: sha256(canonicalJson(core)) };
}
