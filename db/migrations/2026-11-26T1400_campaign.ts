import { sql, type Kysely } from "kysely";

// Frozen history: never imports app code.
export async function up(db: Kysely<any>): Promise<void> {
  // Both are trusted extensions (PostgreSQL 13+): a database owner may create them.
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists btree_gist`.execute(db);

  // Discovery: "search by title" is a substring match (ILIKE '%…%'), which
  // only a trigram index can serve; closing-soon reads open statements by deadline.
  await sql`create index statements_open_title_trgm on statements using gin (title gin_trgm_ops) where state = 'open'`.execute(db);
  await sql`create index statements_open_deadline on statements (deadline) where state = 'open' and deadline is not null`.execute(db);

  // Updates from organizers to signers: at most one a statement in any 24
  // hours. Each update claims the window [created_at, quiet_until); the
  // exclusion constraint refuses overlapping windows, so two organizers
  // pressing "send" at once cannot both get through.
  await db.schema
    .createTable("statement_updates")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("statement_id", "integer", (c) => c.notNull().references("statements.id").onDelete("cascade"))
    .addColumn("author_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("recipients", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("quiet_until", "timestamptz", (c) => c.notNull().defaultTo(sql`now() + interval '24 hours'`))
    .addCheckConstraint("statement_updates_one_a_day", sql`quiet_until >= created_at + interval '24 hours'`)
    .addCheckConstraint("statement_updates_subject_one_line", sql`subject !~ '[\\r\\n]' and length(subject) between 1 and 300`)
    .execute();
  await sql`
    alter table statement_updates add constraint statement_updates_no_overlap
    exclude using gist (statement_id with =, tstzrange(created_at, quiet_until) with &&)`.execute(db);

  // One row a recipient of an update, holding the hash of that email's
  // unsubscribe token. A token per email keeps the link in every past update
  // working; one token per signature could not go in later emails, since
  // only its hash is kept.
  await db.schema
    .createTable("statement_update_recipients")
    .addColumn("update_id", "integer", (c) => c.notNull().references("statement_updates.id").onDelete("cascade"))
    .addColumn("signature_id", "bigint", (c) => c.notNull().references("signatures.id").onDelete("cascade"))
    .addColumn("unsubscribe_token_hash", "text", (c) => c.notNull().unique())
    .addPrimaryKeyConstraint("statement_update_recipients_pk", ["update_id", "signature_id"])
    .execute();
  await db.schema.createIndex("statement_update_recipients_signature_idx").on("statement_update_recipients").column("signature_id").execute();

  // Unsubscribing is for one statement: the signer's signature keeps counting.
  await db.schema.alterTable("signatures").addColumn("unsubscribed_at", "timestamptz").execute();
  await sql`create index signatures_update_recipients on signatures (statement_id, id) where state = 'verified' and updates and unsubscribed_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists signatures_update_recipients`.execute(db);
  await db.schema.alterTable("signatures").dropColumn("unsubscribed_at").execute();
  await db.schema.dropTable("statement_update_recipients").ifExists().execute();
  await db.schema.dropTable("statement_updates").ifExists().execute();
  await sql`drop index if exists statements_open_deadline`.execute(db);
  await sql`drop index if exists statements_open_title_trgm`.execute(db);
  // The extensions stay: other objects may have come to depend on them.
}
