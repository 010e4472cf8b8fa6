import { sql, type Kysely } from "kysely";

// Frozen history: never imports app code.
export async function up(db: Kysely<any>): Promise<void> {
  // The links that open a signer's own signatures (/my-signatures): only the
  // SHA-256 of each token is kept, with the address it opens and when it
  // stops working. Expired links are deleted by the next request for one.
  await db.schema
    .createTable("signer_links")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("signer_links_email_normalized", sql`email = lower(btrim(email))`)
    .execute();
  await db.schema.createIndex("signer_links_expiry").on("signer_links").column("expires_at").execute();
  // A signer's own signatures are found by address, across statements (the
  // unique key starts with the statement, so it cannot serve this).
  await db.schema.createIndex("signatures_by_email").on("signatures").column("email").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("signatures_by_email").ifExists().execute();
  await db.schema.dropTable("signer_links").ifExists().execute();
}
