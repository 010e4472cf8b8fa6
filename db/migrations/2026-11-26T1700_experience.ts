import { sql, type Kysely } from "kysely";

// Frozen history: never imports app code.
const FIELDS = ["title_es", "summary_es", "call_to_residents_es", "ask_of_officials_es", "pledge_es"];

/** The freeze trigger's function, covering the text columns `extra` too. */
const freezeFunction = (extra: string[]) => sql.raw(`
  create or replace function statements_freeze_published_text() returns trigger language plpgsql as $$
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
      ${extra.map((c) => `or new.${c} is distinct from old.${c}`).join("\n      ")}
    ) then
      raise exception 'statement % is published: its text cannot change', old.id using errcode = 'check_violation';
    end if;
    return new;
  end $$`);

export async function up(db: Kysely<any>): Promise<void> {
  // The organizer's own Spanish translation of a statement. Empty means none.
  // Once published it is part of the signed text (the version hash covers it),
  // so the freeze trigger covers it too.
  await sql
    .raw(
      `alter table statements ${FIELDS.map((f) => `add column ${f} text not null default ''`).join(", ")}, add column preamble_es jsonb not null default '[]'::jsonb`,
    )
    .execute(db);
  await freezeFunction([...FIELDS, "preamble_es"]).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await freezeFunction([]).execute(db);
  await sql.raw(`alter table statements ${[...FIELDS, "preamble_es"].map((f) => `drop column ${f}`).join(", ")}`).execute(db);
}
