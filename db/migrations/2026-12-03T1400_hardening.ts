import { sql, type Kysely } from "kysely";

// Frozen history: never imports app code.
export async function up(db: Kysely<any>): Promise<void> {
  // A co-organizer invitation waits here until the invitee opens the emailed
  // link and accepts: only then does statement_organizers give them access.
  await db.schema
    .createTable("organizer_invitations")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("statement_id", "integer", (c) => c.notNull().references("statements.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("invited_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("organizer_invitations_statement_email", ["statement_id", "email"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("organizer_invitations").execute();
}
