import { sql, type Kysely } from "kysely";

// Frozen history: never imports app code.
export async function up(db: Kysely<any>): Promise<void> {
  // Who approved or rejected a statement under moderation, and when.
  await db.schema
    .alterTable("statements")
    .addColumn("reviewed_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("reviewed_at", "timestamptz")
    .execute();

  // The published text is what signers sign and what the version hash
  // proves: the app refuses to change it, and so does the database, so no
  // future code path or hand-written UPDATE can quietly rewrite it.
  await sql`
    create function statements_freeze_published_text() returns trigger language plpgsql as $$
    begin
      if old.state not in ('draft', 'rejected') and (
        new.title is distinct from old.title
        or new.summary is distinct from old.summary
        or new.preamble is distinct from old.preamble
        or new.call_to_residents is distinct from old.call_to_residents
        or new.ask_of_officials is distinct from old.ask_of_officials
        or new.pledge is distinct from old.pledge
        or new.slug is distinct from old.slug
        or new.jurisdiction_id is distinct from old.jurisdiction_id
        or new.canonical_text is distinct from old.canonical_text
        or new.version_hash is distinct from old.version_hash
      ) then
        raise exception 'statement % is published: its text cannot change', old.id using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger statements_freeze_published_text before update on statements
    for each row execute function statements_freeze_published_text()`.execute(db);

  // Signers see who a statement goes to; that list is part of what they signed.
  await sql`
    create function statement_officials_freeze_published() returns trigger language plpgsql as $$
    declare
      current_state text;
    begin
      select state into current_state from statements where id = coalesce(new.statement_id, old.statement_id);
      if current_state is not null and current_state not in ('draft', 'rejected') then
        raise exception 'statement % is published: its officials cannot change', coalesce(new.statement_id, old.statement_id)
          using errcode = 'check_violation';
      end if;
      return coalesce(new, old);
    end $$`.execute(db);
  await sql`
    create trigger statement_officials_freeze_published before insert or update or delete on statement_officials
    for each row execute function statement_officials_freeze_published()`.execute(db);

  // One active directory entry an address a jurisdiction, so a CSV import
  // can be run again without duplicating anyone.
  await sql`create unique index officials_active_email on officials (jurisdiction_id, email) where retired_at is null`.execute(db);
  await sql`alter table officials add constraint officials_email_normalized check (email = lower(btrim(email)))`.execute(db);
  await db.schema.createIndex("officials_jurisdiction_idx").on("officials").column("jurisdiction_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists officials_jurisdiction_idx`.execute(db);
  await sql`alter table officials drop constraint if exists officials_email_normalized`.execute(db);
  await sql`drop index if exists officials_active_email`.execute(db);
  await sql`drop trigger if exists statement_officials_freeze_published on statement_officials`.execute(db);
  await sql`drop function if exists statement_officials_freeze_published()`.execute(db);
  await sql`drop trigger if exists statements_freeze_published_text on statements`.execute(db);
  await sql`drop function if exists statements_freeze_published_text()`.execute(db);
  await db.schema.alterTable("statements").dropColumn("reviewed_at").dropColumn("reviewed_by").execute();
}
