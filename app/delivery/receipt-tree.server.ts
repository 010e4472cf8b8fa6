// The Merkle tree of a packet, kept for receipts (docs/decisions/0010). The
// root is computed while the CSV streams, with a stack of subtree roots; the
// records are stored in groups of LEAVES_PER_GROUP with each group's root,
// so a signer's inclusion proof is computed when their receipt is sent from
// one group and the groups' roots: the part of the path inside the group,
// then the group's path among the groups. Aligned full groups are subtrees
// of the RFC 9162 tree, and the tree over the groups' roots is the tree
// over the leaves (its splits fall on group boundaries), so the two parts
// make exactly RFC 9162's audit path.
import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb } from "~/db.server";
import { auditPath, MerkleStack, toHex } from "./merkle";
import { nodeDigest, recordLeaf } from "./packet-hash.server";

export const LEAVES_PER_GROUP = 1024;

/** Streams records in: the root as it grows, the groups stored as they fill. */
export class LeafGroupWriter {
  private groupStack = new MerkleStack(nodeDigest);
  private top = new MerkleStack(nodeDigest);
  private records: string[] = [];
  private ready: { seq: number; root: Uint8Array; records: string[] }[] = [];
  private seq = 0;
  constructor(
    private deliveryId: number,
    private db: Executor,
    private perGroup = LEAVES_PER_GROUP,
  ) {}

  private leaves = 0;

  async push(record: string) {
    this.leaves++;
    await this.groupStack.push(recordLeaf(record));
    this.records.push(record);
    if (this.records.length === this.perGroup) await this.endGroup();
  }

  private async endGroup() {
    const root = await this.groupStack.root();
    await this.top.push(root);
    this.ready.push({ seq: this.seq++, root, records: this.records });
    this.records = [];
    this.groupStack = new MerkleStack(nodeDigest);
  }

  /** Stores the full groups; call it between batches. */
  async flush() {
    if (this.ready.length === 0) return;
    const rows = this.ready;
    this.ready = [];
    await this.db
      .insertInto("delivery_leaf_groups")
      .values(rows.map((g) => ({ delivery_id: this.deliveryId, seq: g.seq, root: Buffer.from(g.root), records: sql<string[]>`${g.records}::text[]` })))
      .execute();
  }

  /** Stores the last group and gives the tree's root and size. */
  async close(): Promise<{ root: string; leaves: number }> {
    if (this.records.length) await this.endGroup();
    await this.flush();
    return { root: toHex(await this.top.root()), leaves: this.leaves };
  }
}

/** Roots of each recent delivery's groups: a million receipts share one delivery's few thousand. */
const groupRoots = new Map<number, Uint8Array[]>();

/**
 * A leaf's record and its RFC 9162 audit path, from the stored groups; null
 * when they are gone (retention purged the packet).
 */
export async function inclusionProof(
  { deliveryId, index, perGroup = LEAVES_PER_GROUP }: { deliveryId: number; index: number; perGroup?: number },
  db: Executor = getDb(),
): Promise<{ record: string; path: Uint8Array[] } | null> {
  const seq = Math.floor(index / perGroup);
  const offset = index % perGroup;
  const group = await db
    .selectFrom("delivery_leaf_groups")
    .select("records")
    .where("delivery_id", "=", deliveryId)
    .where("seq", "=", seq)
    .executeTakeFirst();
  if (!group || offset >= group.records.length) return null;
  let roots = groupRoots.get(deliveryId);
  if (!roots) {
    const rows = await db.selectFrom("delivery_leaf_groups").select("root").where("delivery_id", "=", deliveryId).orderBy("seq").execute();
    roots = rows.map((r) => new Uint8Array(r.root));
    if (groupRoots.size >= 16) groupRoots.delete(groupRoots.keys().next().value!);
    groupRoots.set(deliveryId, roots);
  }
  const leaves = group.records.map(recordLeaf);
  const path = [...(await auditPath(offset, leaves, nodeDigest)), ...(await auditPath(seq, roots, nodeDigest))];
  return { record: group.records[offset], path };
}
