import { sql, type Kysely } from "kysely";
import type { Database } from "./types";
import { publishStatement } from "../app/statements/publish.server";
import { findTemplate } from "../app/statements/templates";
import { slugify } from "../app/statements/text";

export const DEMO_JURISDICTION = { slug: "millbrook-demo", name: "City of Millbrook (demo)" };
export const DEMO_ORGANIZER_EMAIL = "organizer@example.org";
const WARDS = ["Ward 1", "Ward 2", "Ward 3", "Ward 4", "Ward 5", "Ward 6", "Ward 7"];
// Clearly fictional people; every address is at example.org.
const COUNCILORS = ["Avery Placeholder", "Blake Sample", "Casey Example", "Devon Testwell", "Emery Mockley", "Finley Demo", "Gray Fictional"];
const AT_LARGE = ["Harper Notreal", "Indigo Madeup"];

/** Demo data: a city modeled on the seed story, its officials, an organizer, one open statement. */
export async function seedDemo(db: Kysely<Database>) {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom("jurisdictions").select("id").where("slug", "=", DEMO_JURISDICTION.slug).executeTakeFirst();
    if (existing) return { jurisdictionId: existing.id, created: false };

    const { id: jurisdictionId } = await trx.insertInto("jurisdictions").values(DEMO_JURISDICTION).returning("id").executeTakeFirstOrThrow();
    const wards = await trx
      .insertInto("wards")
      .values(WARDS.map((name, position) => ({ jurisdiction_id: jurisdictionId, name, position })))
      .returning(["id", "name"])
      .execute();
    const officials = await trx
      .insertInto("officials")
      .values([
        { jurisdiction_id: jurisdictionId, name: "Mayor Jordan Exampleton", office: "mayor", ward_id: null, email: "mayor@example.org" },
        ...wards.map((w, i) => ({
          jurisdiction_id: jurisdictionId,
          name: COUNCILORS[i],
          office: "ward_councilor" as const,
          ward_id: w.id,
          email: `ward${i + 1}.councilor@example.org`,
        })),
        ...AT_LARGE.map((name, i) => ({
          jurisdiction_id: jurisdictionId,
          name,
          office: "at_large_councilor" as const,
          ward_id: null,
          email: `atlarge${i + 1}.councilor@example.org`,
        })),
      ])
      .returning("id")
      .execute();

    const { id: organizerId } = await trx
      .insertInto("users")
      .values({ email: DEMO_ORGANIZER_EMAIL, name: "Demo Organizer" })
      .onConflict((oc) => oc.column("email").doUpdateSet({ name: "Demo Organizer" }))
      .returning("id")
      .executeTakeFirstOrThrow();

    const content = findTemplate("hate-free-pledge").content("Millbrook");
    const { id: statementId } = await trx
      .insertInto("statements")
      .values({
        slug: slugify(content.title),
        jurisdiction_id: jurisdictionId,
        template: "hate-free-pledge",
        title: content.title,
        summary: content.summary,
        preamble: content.preamble,
        call_to_residents: content.callToResidents,
        ask_of_officials: content.askOfOfficials,
        pledge: content.pledge,
        goal: 500,
        deadline: sql`now() + interval '60 days'`,
        ask_ward: true,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.insertInto("statement_organizers").values({ statement_id: statementId, user_id: organizerId, role: "owner" }).execute();
    await trx.insertInto("statement_officials").values(officials.map((o) => ({ statement_id: statementId, official_id: o.id }))).execute();
    await publishStatement({ id: statementId, moderation: "off" }, trx);
    return { jurisdictionId, statementId, created: true };
  });
}
