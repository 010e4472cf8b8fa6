// A signer's receipt: which delivery, their row's record and leaf index,
// the tree's size and root, and the RFC 9162 audit path; as one compact
// string (in the emailed link's fragment and pasted into /verify), and its
// check against the delivery's public manifest. Pure: the browser, the
// server and the CLI run the same code (decision 0010).
import { equalBytes, fromHex, leafHash, rootFromAuditPath, toHex, type Digest } from "./merkle";
import type { PacketManifest } from "./manifest";

export interface Receipt {
  slug: string;
  sequence: number;
  /** 0-based leaf index: the CSV's row number minus one. */
  index: number;
  size: number;
  /** Hex SHA-256 values. */
  root: string;
  path: string[];
  /** The row's CSV record, exactly, without its line ending. */
  record: string;
}

const PREFIX = "us1";

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** `us1.<slug>.<sequence>.<index>.<size>.<root>.<path>.<record>`: root, path (concatenated) and record in base64url. */
export function encodeReceipt(r: Receipt): string {
  const path = new Uint8Array(r.path.length * 32);
  r.path.forEach((h, i) => path.set(fromHex(h)!, i * 32));
  const root = fromHex(r.root)!;
  return [PREFIX, r.slug, r.sequence, r.index, r.size, base64url(root), base64url(path), base64url(new TextEncoder().encode(r.record))].join(".");
}

export function decodeReceipt(text: string): Receipt | null {
  const parts = text.trim().split(".");
  if (parts.length !== 8 || parts[0] !== PREFIX || !/^[a-z0-9-]+$/.test(parts[1])) return null;
  const [sequence, index, size] = parts.slice(2, 5).map((p) => (/^\d{1,9}$/.test(p) ? Number(p) : NaN));
  const root = fromBase64url(parts[5]);
  const path = fromBase64url(parts[6]);
  const record = fromBase64url(parts[7]);
  if ([sequence, index, size].some(Number.isNaN) || !root || root.length !== 32 || !path || path.length % 32 !== 0 || !record) return null;
  let text8: string;
  try {
    text8 = new TextDecoder("utf-8", { fatal: true }).decode(record);
  } catch {
    return null;
  }
  const hashes = Array.from({ length: path.length / 32 }, (_, i) => toHex(path.subarray(i * 32, i * 32 + 32)));
  return { slug: parts[1], sequence, index, size, root: toHex(root), path: hashes, record: text8 };
}

export type ReceiptOutcome =
  | { ok: true }
  | { ok: false; problem: "wrongDelivery" | "noRoot" | "rootDiffers" | "proofFails" };

/**
 * Whether the receipt's record is in the delivery the manifest describes:
 * the root recomputed from the record, its index and its path must be the
 * manifest's root (and the receipt's own, which the email showed).
 */
export async function checkReceipt(receipt: Receipt, manifest: PacketManifest, digest: Digest): Promise<ReceiptOutcome> {
  if (manifest.statement.slug !== receipt.slug || manifest.delivery.sequence !== receipt.sequence) return { ok: false, problem: "wrongDelivery" };
  const tree = manifest.signatures.merkle;
  if (!tree) return { ok: false, problem: "noRoot" };
  if (tree.root !== receipt.root || tree.leaves !== receipt.size) return { ok: false, problem: "rootDiffers" };
  const root = await rootFromAuditPath(
    { index: receipt.index, size: receipt.size, leaf: await leafHash(receipt.record, digest), path: receipt.path.map((h) => fromHex(h)!) },
    digest,
  );
  return root && equalBytes(root, fromHex(tree.root)!) ? { ok: true } : { ok: false, problem: "proofFails" };
}

/** The path of a delivery's public manifest. */
export const publicManifestPath = (slug: string, sequence: number) => `/statements/${slug}/deliveries/${sequence}/manifest.json`;
