import { sql, type Kysely } from "kysely";

// Frozen history: never imports app code.
export async function up(db: Kysely<any>): Promise<void> {
  // Retention: when a signer's name and address were erased. The row stays,
  // so counts, ward tallies and delivered packets' membership do not change.
  await db.schema.alterTable("signatures").addColumn("anonymized_at", "timestamptz").execute();
  // An anonymized signature keeps nothing that could reach or name its signer.
  await sql`
    alter table signatures add constraint signatures_anonymized_hold_nothing check (
      anonymized_at is null or (
        name = '' and display = 'private' and not updates and client_ip is null
        and verify_token_hash is null and withdraw_token_hash is null and email like 'anonymized-%@invalid'))`.execute(db);
  // Retention also deletes a delivered packet's files (they hold the names);
  // their sizes and SHA-256s stay, so a copy kept by its official still verifies.
  await db.schema.alterTable("packet_files").addColumn("purged_at", "timestamptz").execute();

  // The retention job looks for statements closed long ago that still hold personal data.
  await sql`create index signatures_not_anonymized on signatures (statement_id) where anonymized_at is null`.execute(db);

  // A title becomes the subject of emails about its statement, where a line
  // break would be refused (or, unchecked, start a new header).
  await sql`alter table statements add constraint statements_title_one_line check (title !~ '[\\r\\n]')`.execute(db);

  // /healthz counts mail that gave up; without this it would read every sent row.
  await sql`create index outbox_failed on outbox (id) where state = 'failed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists outbox_failed`.execute(db);
  await sql`alter table statements drop constraint if exists statements_title_one_line`.execute(db);
  await sql`drop index if exists signatures_not_anonymized`.execute(db);
  await db.schema.alterTable("packet_files").dropColumn("purged_at").execute();
  await db.schema.alterTable("signatures").dropConstraint("signatures_anonymized_hold_nothing").execute();
  await db.schema.alterTable("signatures").dropColumn("anonymized_at").execute();
}
