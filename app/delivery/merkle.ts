// The Merkle tree over a packet's CSV records, as RFC 9162 §2.1 defines it
// (Certificate Transparency v2): leaf = SHA-256(0x00 ‖ record), node =
// SHA-256(0x01 ‖ left ‖ right), a tree of n > 1 leaves split at the largest
// power of two below n, the empty tree's hash SHA-256(""). A record is one
// CSV record's UTF-8 bytes without its line ending (docs/decisions/0010).
//
// Pure TypeScript over a digest function, so the same code runs on the
// server (node:crypto), in the browser (Web Crypto, async) and in the CLI.
// Imports nothing: it is part of /verify's small client bundle.

/** SHA-256 of some bytes, synchronous (node:crypto) or not (crypto.subtle). */
export type Digest = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

export const MERKLE_ALGORITHM = "rfc9162-sha256";

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);
const utf8 = new TextEncoder();

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function leafHash(record: string | Uint8Array, digest: Digest): Promise<Uint8Array> {
  return digest(concat(LEAF, typeof record === "string" ? utf8.encode(record) : record));
}

export async function nodeHash(left: Uint8Array, right: Uint8Array, digest: Digest): Promise<Uint8Array> {
  return digest(concat(NODE, left, right));
}

/** The largest power of two smaller than n (n > 1): where RFC 9162 splits a tree. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The root computed while leaves stream in, holding only a stack of the
 * roots of complete subtrees (at most log2 n of them): pushing a leaf merges
 * equal-sized subtrees like a binary counter, and the root folds the stack
 * from the right, which is exactly RFC 9162's split at the largest power of two.
 */
export class MerkleStack {
  private stack: { hash: Uint8Array; size: number }[] = [];
  size = 0;
  constructor(private digest: Digest) {}

  /** Adds a leaf's hash (or the root of a complete, aligned subtree of `size` leaves). */
  async push(hash: Uint8Array, size = 1) {
    let entry = { hash, size };
    for (let top = this.stack.at(-1); top && top.size === entry.size; top = this.stack.at(-1)) {
      this.stack.pop();
      entry = { hash: await nodeHash(top.hash, entry.hash, this.digest), size: top.size * 2 };
    }
    this.stack.push(entry);
    this.size += size;
  }

  async root(): Promise<Uint8Array> {
    if (this.stack.length === 0) return this.digest(new Uint8Array(0));
    let hash = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i--) hash = await nodeHash(this.stack[i].hash, hash, this.digest);
    return hash;
  }
}

/** The root over leaf hashes already computed. */
export async function rootOf(leaves: readonly Uint8Array[], digest: Digest): Promise<Uint8Array> {
  const stack = new MerkleStack(digest);
  for (const leaf of leaves) await stack.push(leaf);
  return stack.root();
}

/**
 * RFC 9162 §2.1.3.1: the audit path of leaf `index` among `leaves` (leaf
 * hashes), nearest sibling first. Costs one pass over the leaves.
 */
export async function auditPath(index: number, leaves: readonly Uint8Array[], digest: Digest): Promise<Uint8Array[]> {
  if (index < 0 || index >= leaves.length) throw new RangeError(`leaf ${index} is not in a tree of ${leaves.length}`);
  if (leaves.length === 1) return [];
  const k = splitPoint(leaves.length);
  return index < k
    ? [...(await auditPath(index, leaves.slice(0, k), digest)), await rootOf(leaves.slice(k), digest)]
    : [...(await auditPath(index - k, leaves.slice(k), digest)), await rootOf(leaves.slice(0, k), digest)];
}

/**
 * RFC 9162 §2.1.3.2: the root a leaf's hash, index and audit path lead to
 * in a tree of `size` leaves, or null when the path cannot belong to it.
 */
export async function rootFromAuditPath(
  { index, size, leaf, path }: { index: number; size: number; leaf: Uint8Array; path: readonly Uint8Array[] },
  digest: Digest,
): Promise<Uint8Array | null> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r, digest);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p, digest);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

export function fromHex(hex: string): Uint8Array | null {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** SHA-256 through Web Crypto: the browser's, and Node's too (globalThis.crypto). */
export const webDigest: Digest = async (data) => new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
