import { sql, type Kysely } from "kysely";

// Receipts for signers (docs/decisions/0010). Frozen history: never imports app code.
export async function up(db: Kysely<any>): Promise<void> {
  // A delivery's CSV records in groups of 1,024 leaves, each with the root of
  // its subtree: a receipt's inclusion proof is computed when its email is
  // sent, from one group and the groups' roots, without the whole packet.
  // The records are the CSV's own, so they go with it when retention purges it.
  await db.schema
    .createTable("delivery_leaf_groups")
    .addColumn("delivery_id", "integer", (c) => c.notNull().references("deliveries.id").onDelete("cascade"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("root", "bytea", (c) => c.notNull())
    .addColumn("records", sql`text[]`, (c) => c.notNull())
    .addPrimaryKeyConstraint("delivery_leaf_groups_pk", ["delivery_id", "seq"])
    .execute();

  // One receipt email a signer of a delivery: the outbox row and the signer's leaf.
  // No foreign keys: a million rows are written in one statement at the freeze.
  await db.schema
    .createTable("delivery_receipts")
    .addColumn("outbox_id", "bigint", (c) => c.primaryKey())
    .addColumn("delivery_id", "integer", (c) => c.notNull())
    .addColumn("leaf_index", "integer", (c) => c.notNull())
    // The language the signer signed in: their receipt's.
    .addColumn("locale", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("delivery_receipts").ifExists().execute();
  await db.schema.dropTable("delivery_leaf_groups").ifExists().execute();
}
