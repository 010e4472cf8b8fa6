import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { auditPath, MerkleStack, rootFromAuditPath, rootOf, toHex, webDigest } from "./merkle";
import { leaf, mth, path } from "../../test/support/rfc9162";
import { nodeDigest, recordLeaf } from "./packet-hash.server";

const H = (...parts: Buffer[]) => createHash("sha256").update(Buffer.concat(parts)).digest();

const records = (n: number) => Array.from({ length: n }, (_, i) => `r${i}`);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("RFC 9162 tree hash", () => {
  // Known answers, worked out by hand from the RFC's definition (leaves r0…r6).
  const KNOWN: Record<number, string> = {
    0: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    1: "65cd092dc4435b17fd24b8916798ed86c8be50b8600d09e7eddb3f277cbe3f82",
    2: "28771ff890dd009c927aa49eb95ac1b20950f5b158ad1d839b9b9302ec21d5d3",
    3: "6afb54d82cc354d4ebfe3266a135ec897d675dba4dc67c92472d9105670ee0f5",
    5: "0b87751e28511daf708603fba3de7227c185f864864e2e5c97b691513e657a23",
    7: "265b3e27ddb760f8ad49f784cc50ffda51e98659c8683c4afdc4107793d8081f",
  };

  it("matches the known answers, streamed, with node:crypto and with Web Crypto", async () => {
    for (const [n, root] of Object.entries(KNOWN)) {
      const leaves = records(Number(n)).map(recordLeaf);
      expect(toHex(await rootOf(leaves, nodeDigest))).toBe(root);
      expect(toHex(await rootOf(leaves, webDigest))).toBe(root);
      expect(hex(mth(records(Number(n)).map(leaf)))).toBe(root);
    }
    const l = records(3).map(leaf);
    expect(KNOWN[3]).toBe(hex(H(Buffer.from([1]), H(Buffer.from([1]), l[0], l[1]), l[2])));
  });

  it("gives the RFC's audit paths, and they lead back to the root for every leaf of trees of 1 to 40", async () => {
    for (let n = 1; n <= 40; n++) {
      const d = records(n).map(leaf);
      const root = mth(d);
      const stack = new MerkleStack(nodeDigest);
      for (const x of d) await stack.push(x);
      expect(hex(await stack.root())).toBe(hex(root));
      for (let m = 0; m < n; m++) {
        const mine = await auditPath(m, d, nodeDigest);
        expect(mine.map(hex)).toEqual(path(m, d).map(hex));
        const back = await rootFromAuditPath({ index: m, size: n, leaf: d[m], path: mine }, webDigest);
        expect(hex(back!)).toBe(hex(root));
      }
    }
  });

  it("rejects a changed record, a wrong index, a wrong size and a shortened path", async () => {
    const d = records(13).map(leaf);
    const root = hex(mth(d));
    const p = path(6, d);
    const check = async (o: { index: number; size: number; leaf: Uint8Array; path: Uint8Array[] }) => {
      const r = await rootFromAuditPath(o, nodeDigest);
      return r !== null && hex(r) === root;
    };
    expect(await check({ index: 6, size: 13, leaf: d[6], path: p })).toBe(true);
    expect(await check({ index: 6, size: 13, leaf: leaf("r6 changed"), path: p })).toBe(false);
    expect(await check({ index: 7, size: 13, leaf: d[6], path: p })).toBe(false);
    expect(await check({ index: 6, size: 8, leaf: d[6], path: p })).toBe(false);
    expect(await check({ index: 6, size: 13, leaf: d[6], path: p.slice(1) })).toBe(false);
    expect(await check({ index: 13, size: 13, leaf: d[6], path: p })).toBe(false);
  });

  it("splits a path into a group's and the groups' (how receipts are computed from stored groups)", async () => {
    const perGroup = 4;
    for (const n of [1, 4, 5, 9, 16, 23]) {
      const d = records(n).map(leaf);
      const groups = Array.from({ length: Math.ceil(n / perGroup) }, (_, g) => d.slice(g * perGroup, (g + 1) * perGroup));
      const roots = groups.map(mth);
      expect(hex(mth(roots))).toBe(hex(mth(d)));
      for (let m = 0; m < n; m++) {
        const g = Math.floor(m / perGroup);
        const split = [...(await auditPath(m % perGroup, groups[g], nodeDigest)), ...(await auditPath(g, roots, nodeDigest))];
        expect(split.map(hex)).toEqual(path(m, d).map(hex));
      }
    }
  });
});
