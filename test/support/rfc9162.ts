// An independent, straightforward reading of RFC 9162 §2.1 (the Merkle tree
// hash and audit paths of Certificate Transparency v2), recursive as the RFC
// writes it, sharing no code with app/delivery/merkle.ts: the tests hold the
// app's streaming and grouped computations to it.
import { createHash } from "node:crypto";

const H = (...parts: Buffer[]) => createHash("sha256").update(Buffer.concat(parts)).digest();
const largestPowerOfTwoBelow = (n: number) => 2 ** Math.floor(Math.log2(n - 1));

/** Leaf hash of one record's UTF-8 bytes. */
export const leaf = (record: string) => H(Buffer.from([0]), Buffer.from(record, "utf8"));
export const node = (left: Buffer, right: Buffer) => H(Buffer.from([1]), left, right);

/** MTH(D[n]) over leaf hashes. */
export function mth(d: Buffer[]): Buffer {
  if (d.length === 0) return H();
  if (d.length === 1) return d[0];
  const k = largestPowerOfTwoBelow(d.length);
  return node(mth(d.slice(0, k)), mth(d.slice(k)));
}

/** PATH(m, D[n]): the audit path of leaf m, nearest sibling first. */
export function path(m: number, d: Buffer[]): Buffer[] {
  if (d.length === 1) return [];
  const k = largestPowerOfTwoBelow(d.length);
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}
