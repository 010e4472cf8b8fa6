import { sql, type Kysely } from "kysely";

// Frozen history: this file never imports app code, so the state lists are
// written out here as they were when the migration was made.
const check = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export async function up(db: Kysely<any>): Promise<void> {
  // One row each time a statement is delivered: the first delivery, then
  // supplements carrying only the signatures verified since.
  await db.schema
    .createTable("deliveries")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("statement_id", "integer", (c) => c.notNull().references("statements.id").onDelete("cascade"))
    .addColumn("sequence", "integer", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("delivered_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("delivered_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("signature_count", "integer", (c) => c.notNull())
    .addColumn("manifest", "jsonb")
    .addColumn("packet_sha256", "text")
    .addUniqueConstraint("deliveries_statement_sequence", ["statement_id", "sequence"])
    .addCheckConstraint("deliveries_reason", check("reason", ["manual", "deadline", "goal"]))
    .addCheckConstraint("deliveries_sequence_positive", sql`sequence > 0`)
    .execute();

  // The frozen membership: exactly which signatures a delivery carried.
  // No foreign keys: a freeze inserts up to millions of rows at once, and
  // two row-by-row key checks each cost more than the insert itself (13 s a
  // million). The rows are only ever written by that INSERT … SELECT from
  // signatures, and a statement-level trigger removes them with their delivery.
  await db.schema
    .createTable("delivery_signatures")
    .addColumn("delivery_id", "integer", (c) => c.notNull())
    .addColumn("signature_id", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("delivery_signatures_pk", ["delivery_id", "signature_id"])
    .execute();
  await sql`
    create function delivery_signatures_forget() returns trigger language plpgsql as $$
    begin
      delete from delivery_signatures where delivery_id in (select id from gone);
      return null;
    end $$`.execute(db);
  await sql`
    create trigger deliveries_forget_signatures after delete on deliveries
    referencing old table as gone for each statement execute function delivery_signatures_forget()`.execute(db);

  // The packet's PDF and CSV, written once at the freeze and never changed,
  // in chunks so neither writing nor reading needs the whole file in memory.
  await db.schema
    .createTable("packet_files")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("delivery_id", "integer", (c) => c.notNull().references("deliveries.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("bytes", "bigint", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addUniqueConstraint("packet_files_delivery_kind", ["delivery_id", "kind"])
    .addCheckConstraint("packet_files_kind", check("kind", ["pdf", "csv"]))
    .execute();

  await db.schema
    .createTable("packet_file_chunks")
    .addColumn("file_id", "integer", (c) => c.notNull().references("packet_files.id").onDelete("cascade"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("data", "bytea", (c) => c.notNull())
    .addPrimaryKeyConstraint("packet_file_chunks_pk", ["file_id", "seq"])
    .execute();
  // PDFs are compressed already and compressing a CSV chunk costs more at
  // the freeze than the disk it saves.
  await sql`alter table packet_file_chunks alter column data set storage external`.execute(db);

  // Each official's copy of a delivery: its own private link, send status and answer.
  await db.schema
    .createTable("official_deliveries")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("delivery_id", "integer", (c) => c.notNull().references("deliveries.id").onDelete("cascade"))
    .addColumn("official_id", "integer", (c) => c.notNull().references("officials.id"))
    // As the official was named when the packet went out.
    .addColumn("official_name", "text", (c) => c.notNull())
    .addColumn("office", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("ward_id", "integer", (c) => c.references("wards.id"))
    .addColumn("ward_count", "integer")
    .addColumn("state", "text", (c) => c.notNull().defaultTo("queued"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("outbox_id", "bigint")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("failure_reason", "text")
    .addColumn("sent_at", "timestamptz")
    .addColumn("acknowledged_at", "timestamptz")
    .addColumn("responded_at", "timestamptz")
    .addColumn("response", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("official_deliveries_one_each", ["delivery_id", "official_id"])
    .addCheckConstraint(
      "official_deliveries_state",
      check("state", ["queued", "sent", "acknowledged", "responded", "failed"]),
    )
    .addCheckConstraint("official_deliveries_response", sql`(state = 'responded') = (response is not null)`)
    .addCheckConstraint("official_deliveries_failed_have_reason", sql`state <> 'failed' or failure_reason is not null`)
    .execute();
  await db.schema.createIndex("official_deliveries_outbox_idx").on("official_deliveries").column("outbox_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["official_deliveries", "packet_file_chunks", "packet_files", "delivery_signatures", "deliveries"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop function if exists delivery_signatures_forget()`.execute(db);
}
