import { sql, type Kysely } from "kysely";

// Frozen history: never imports app code.
const displayCheck = (values: string[]) =>
  sql.raw(`alter table signatures drop constraint signatures_display, add constraint signatures_display check (display in (${values.map((v) => `'${v}'`).join(", ")}))`);

export async function up(db: Kysely<any>): Promise<void> {
  // A fourth display choice: counted, with the ward, named to nobody (not
  // even the officials: the packet says "Name withheld by the signer").
  await displayCheck(["full", "initials", "private", "anonymous"]).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // The nearest older choice that still keeps the name from the public.
  await sql`update signatures set display = 'private' where display = 'anonymous'`.execute(db);
  await displayCheck(["full", "initials", "private"]).execute(db);
}
