import { sql, type Kysely } from "kysely";

// Frozen history: never imports app code.
export async function up(db: Kysely<any>): Promise<void> {
  // Emails about a signature go out in the language the signer signed in,
  // even when they come later (confirmation, the officials' answer).
  await db.schema.alterTable("signatures").addColumn("locale", "text", (c) => c.notNull().defaultTo("en")).execute();
  await db.schema.alterTable("signatures").addCheckConstraint("signatures_locale", sql`locale in ('en', 'es')`).execute();
  await db.schema
    .alterTable("signatures")
    .addCheckConstraint("signatures_outside_has_no_ward", sql`not (outside_jurisdiction and ward_id is not null)`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("signatures").dropConstraint("signatures_outside_has_no_ward").execute();
  await db.schema.alterTable("signatures").dropConstraint("signatures_locale").execute();
  await db.schema.alterTable("signatures").dropColumn("locale").execute();
}
