import { sql, type Kysely } from "kysely";

// Frozen history: this file never imports app code, so the state lists are
// written out here as they were when the migration was made.
const check = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("users_email_normalized", sql`email = lower(btrim(email))`)
    .execute();

  await db.schema
    .createTable("login_tokens")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("jurisdictions")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("wards")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("jurisdiction_id", "integer", (c) => c.notNull().references("jurisdictions.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("wards_jurisdiction_name", ["jurisdiction_id", "name"])
    .execute();

  await db.schema
    .createTable("officials")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("jurisdiction_id", "integer", (c) => c.notNull().references("jurisdictions.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("office", "text", (c) => c.notNull())
    .addColumn("ward_id", "integer", (c) => c.references("wards.id"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("retired_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("officials_office", check("office", ["mayor", "ward_councilor", "at_large_councilor", "other"]))
    .addCheckConstraint("officials_ward_councilor_has_ward", sql`(office = 'ward_councilor') = (ward_id is not null)`)
    .execute();

  await db.schema
    .createTable("statements")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("state", "text", (c) => c.notNull().defaultTo("draft"))
    .addColumn("jurisdiction_id", "integer", (c) => c.notNull().references("jurisdictions.id"))
    .addColumn("template", "text", (c) => c.notNull().defaultTo("blank"))
    .addColumn("title", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("summary", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("preamble", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("call_to_residents", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("ask_of_officials", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("pledge", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("goal", "integer", (c) => c.notNull().defaultTo(100))
    .addColumn("deadline", "timestamptz")
    .addColumn("ask_ward", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("delivery_trigger", "text", (c) => c.notNull().defaultTo("manual"))
    .addColumn("keep_collecting", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("version_hash", "text")
    .addColumn("canonical_text", "text")
    .addColumn("rejection_reason", "text")
    .addColumn("published_at", "timestamptz")
    .addColumn("opened_at", "timestamptz")
    .addColumn("closed_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("statements_state", check("state", ["draft", "in_review", "open", "closed", "delivered", "rejected"]))
    .addCheckConstraint("statements_delivery_trigger", check("delivery_trigger", ["manual", "deadline", "goal"]))
    .addCheckConstraint("statements_goal_positive", sql`goal > 0`)
    .addCheckConstraint("statements_published_have_hash", sql`state in ('draft', 'rejected') or version_hash is not null`)
    .execute();
  await db.schema.createIndex("statements_state_idx").on("statements").columns(["state", "published_at"]).execute();

  await db.schema
    .createTable("statement_organizers")
    .addColumn("statement_id", "integer", (c) => c.notNull().references("statements.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("statement_organizers_pk", ["statement_id", "user_id"])
    .addCheckConstraint("statement_organizers_role", check("role", ["owner", "co_organizer"]))
    .execute();
  await db.schema.createIndex("statement_organizers_user_idx").on("statement_organizers").column("user_id").execute();
  // Exactly one owner a statement.
  await sql`create unique index statement_organizers_one_owner on statement_organizers (statement_id) where role = 'owner'`.execute(db);

  await db.schema
    .createTable("statement_officials")
    .addColumn("statement_id", "integer", (c) => c.notNull().references("statements.id").onDelete("cascade"))
    .addColumn("official_id", "integer", (c) => c.notNull().references("officials.id"))
    .addPrimaryKeyConstraint("statement_officials_pk", ["statement_id", "official_id"])
    .execute();

  await db.schema
    .createTable("signatures")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("statement_id", "integer", (c) => c.notNull().references("statements.id").onDelete("cascade"))
    .addColumn("state", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("ward_id", "integer", (c) => c.references("wards.id"))
    .addColumn("outside_jurisdiction", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("display", "text", (c) => c.notNull())
    .addColumn("updates", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("verify_token_hash", "text")
    .addColumn("verify_expires_at", "timestamptz")
    .addColumn("withdraw_token_hash", "text")
    .addColumn("client_ip", "text")
    .addColumn("suspicious_reason", "text")
    .addColumn("verification_sends", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("last_sent_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("verified_at", "timestamptz")
    .addColumn("withdrawn_at", "timestamptz")
    .addCheckConstraint("signatures_state", check("state", ["pending", "verified", "suspicious", "withdrawn"]))
    .addCheckConstraint("signatures_display", check("display", ["full", "initials", "private"]))
    .addCheckConstraint("signatures_email_normalized", sql`email = lower(btrim(email))`)
    .addCheckConstraint("signatures_verified_have_time", sql`state <> 'verified' or verified_at is not null`)
    .addUniqueConstraint("signatures_one_per_email", ["statement_id", "email"])
    .execute();
  await sql`create unique index signatures_verify_token on signatures (verify_token_hash) where verify_token_hash is not null`.execute(db);
  await sql`create unique index signatures_withdraw_token on signatures (withdraw_token_hash) where withdraw_token_hash is not null`.execute(db);
  await sql`create index signatures_recent_verified on signatures (statement_id, verified_at desc) where state = 'verified'`.execute(db);

  // The verified count is spread over a few rows a statement so that a surge
  // of verifications does not queue on one row lock (the UK petitions site
  // meets the same problem by counting in batches).
  await db.schema
    .createTable("statement_count_shards")
    .addColumn("statement_id", "integer", (c) => c.notNull().references("statements.id").onDelete("cascade"))
    .addColumn("shard", "smallint", (c) => c.notNull())
    .addColumn("verified", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("statement_count_shards_pk", ["statement_id", "shard"])
    .execute();

  await db.schema
    .createTable("rate_limits")
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("window_start", "timestamptz", (c) => c.notNull())
    .addColumn("hits", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("rate_limits_pk", ["key", "window_start"])
    .execute();

  await db.schema
    .createTable("outbox")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("state", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text")
    .addColumn("headers", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("attachments", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("locked_until", "timestamptz")
    .addColumn("last_error", "text")
    .addColumn("message_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .addCheckConstraint("outbox_state", check("state", ["pending", "sent", "failed"]))
    .addCheckConstraint("outbox_no_header_injection", sql`to_address !~ '[\\r\\n]' and subject !~ '[\\r\\n]'`)
    .execute();
  await sql`create index outbox_due on outbox (next_attempt_at) where state = 'pending'`.execute(db);

  await db.schema
    .createTable("dev_mail")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("envelope_from", "text")
    .addColumn("envelope_to", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text")
    .addColumn("attachments", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "dev_mail",
    "outbox",
    "rate_limits",
    "statement_count_shards",
    "signatures",
    "statement_officials",
    "statement_organizers",
    "statements",
    "officials",
    "wards",
    "jurisdictions",
    "sessions",
    "login_tokens",
    "users",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
