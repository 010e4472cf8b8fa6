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
  // A signer's own signatures are found by inbox, across statements (the
  // unique key starts with the statement, so it cannot serve this).
  await db.schema.createIndex("signatures_by_email").on("signatures").column("email_key").execute();
  // Set when the signer erased a signature a delivered packet carries: the
  // row keeps only what the packet holds (its name as the packet shows it,
  // ward, verification time, state), never an address, a link or a choice.
  await sql`
    alter table signatures add column erased_at timestamptz,
    add constraint signatures_erased_hold_only_the_packet check (
      erased_at is null or (
        display = 'private' and not updates and client_ip is null and suspicious_reason is null
        and verify_token_hash is null and withdraw_token_hash is null and email like '%@invalid'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table signatures drop constraint signatures_erased_hold_only_the_packet, drop column erased_at`.execute(db);
  await db.schema.dropIndex("signatures_by_email").ifExists().execute();
  await db.schema.dropTable("signer_links").ifExists().execute();
}
