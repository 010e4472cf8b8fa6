import { sql, type Kysely } from "kysely";

// Frozen history: never imports app code.
export async function up(db: Kysely<any>): Promise<void> {
  // One inbox, one signature: the address as the app normalizes it for
  // uniqueness (app/mail/email-address.ts: lower case, no `+tag`, no dots in
  // a Gmail local part, googlemail.com → gmail.com). `email` keeps the
  // address as typed. Backfilled here with the same rule in SQL.
  await db.schema.alterTable("signatures").addColumn("email_key", "text").execute();
  await sql`
    with parts as (
      select id, regexp_replace(lower(email), '@[^@]*$', '') as local, substring(lower(email) from '@([^@]*)$') as domain
      from signatures
    ), untagged as (
      select id, regexp_replace(local, '^([^+]+)\\+.*$', '\\1') as local, domain from parts
    )
    update signatures s
    set email_key = case when u.domain in ('gmail.com', 'googlemail.com') then replace(u.local, '.', '') || '@gmail.com'
                         else u.local || '@' || u.domain end
    from untagged u where u.id = s.id`.execute(db);
  // Older rows of one inbox on one statement (signed before this rule) stay
  // what they were: the earliest verified one (else the earliest) takes the
  // key; the others get a key no address can have, and still count.
  await sql`
    update signatures s set email_key = s.email_key || '#' || s.id
    from (
      select id, row_number() over (partition by statement_id, email_key order by state = 'verified' desc, id) as n from signatures
    ) r
    where r.id = s.id and r.n > 1`.execute(db);
  // Erased rows keep their unique placeholder address as their key.
  await sql`update signatures set email_key = email where anonymized_at is not null`.execute(db);
  await sql`alter table signatures alter column email_key set not null`.execute(db);
  await sql`create unique index signatures_one_per_inbox on signatures (statement_id, email_key)`.execute(db);
  await sql`alter table signatures drop constraint signatures_one_per_email`.execute(db);

  // The inbox decides: every submission of the sign form is kept with its
  // choices under the token of the link emailed for it; confirming that link
  // applies exactly those choices to the signature. Before then they change
  // nothing that anyone sees.
  await db.schema
    .createTable("signature_submissions")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("signature_id", "bigint", (c) => c.notNull().references("signatures.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("ward_id", "integer", (c) => c.references("wards.id"))
    .addColumn("outside_jurisdiction", "boolean", (c) => c.notNull())
    .addColumn("display", "text", (c) => c.notNull())
    .addColumn("updates", "boolean", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    // When its link was confirmed: the link then says it was used.
    .addColumn("applied_at", "timestamptz")
    // `anonymous` is in the public contract (named to nobody); signatures' own check gains it with that choice.
    .addCheckConstraint("signature_submissions_display", sql`display in ('full', 'initials', 'private', 'anonymous')`)
    .addCheckConstraint("signature_submissions_locale", sql`locale in ('en', 'es')`)
    .addCheckConstraint("signature_submissions_outside_has_no_ward", sql`not (outside_jurisdiction and ward_id is not null)`)
    .execute();
  await sql`create index signature_submissions_signature on signature_submissions (signature_id, id)`.execute(db);

  // Erasing a signature (retention, or the signer's own request), whoever
  // writes it, also erases the choices it was never confirmed with, and its
  // key becomes its placeholder address: nothing left names or reaches them.
  await sql`
    create function signatures_erase_submissions() returns trigger language plpgsql as $$
    begin
      new.email_key := new.email;
      delete from signature_submissions where signature_id = new.id;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger signatures_erased before update of anonymized_at on signatures
    for each row when (new.anonymized_at is not null and old.anonymized_at is null)
    execute function signatures_erase_submissions()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists signatures_erased on signatures`.execute(db);
  await sql`drop function if exists signatures_erase_submissions()`.execute(db);
  await db.schema.dropTable("signature_submissions").ifExists().execute();
  await sql`alter table signatures add constraint signatures_one_per_email unique (statement_id, email)`.execute(db);
  await sql`drop index if exists signatures_one_per_inbox`.execute(db);
  await db.schema.alterTable("signatures").dropColumn("email_key").execute();
}
