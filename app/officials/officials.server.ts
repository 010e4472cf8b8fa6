import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb, inTransaction, isUniqueViolation } from "~/db.server";
import { isId } from "~/utils/ids";
import { readOfficialsCsv, type CsvRowError } from "./officials-csv";
import type { OfficialInput } from "./officials-input.server";
import { inOfficialOrder } from "./office-rank.server";
import { slugify } from "~/statements/text";

type Errors = Record<string, string>;
const EMAIL_TAKEN = "official.error.emailTaken";

export async function listJurisdictions(db: Executor = getDb()) {
  return db.selectFrom("jurisdictions").select(["id", "name", "slug"]).orderBy("name").execute();
}

async function jurisdictionExists(id: number, db: Executor) {
  return isId(id) && Boolean(await db.selectFrom("jurisdictions").select("id").where("id", "=", id).executeTakeFirst());
}

export async function listWards({ jurisdictionId }: { jurisdictionId: number }, db: Executor = getDb()) {
  return db.selectFrom("wards").select(["id", "name", "position"]).where("jurisdiction_id", "=", jurisdictionId).orderBy("position").orderBy("name").execute();
}

/** A place organizers can address, with its wards. */
export async function createJurisdiction({ name, wards }: { name: string; wards: string[] }, db: Executor = getDb()) {
  return inTransaction(db, async (trx) => {
    const base = slugify(name);
    const taken = new Set(
      (await trx.selectFrom("jurisdictions").select("slug").where((eb) => eb.or([eb("slug", "=", base), eb("slug", "like", `${base}-%`)])).execute()).map(
        (r) => r.slug,
      ),
    );
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    const jurisdiction = await trx.insertInto("jurisdictions").values({ slug, name }).returningAll().executeTakeFirstOrThrow();
    if (wards.length)
      await trx
        .insertInto("wards")
        .values(wards.map((ward, position) => ({ jurisdiction_id: jurisdiction.id, name: ward, position })))
        .execute();
    return jurisdiction;
  });
}

/** The jurisdiction's directory, in reading order; retired officials only when asked. */
export async function listOfficials(
  { jurisdictionId, includeRetired = false }: { jurisdictionId: number; includeRetired?: boolean },
  db: Executor = getDb(),
) {
  return db
    .selectFrom("officials")
    .leftJoin("wards", "wards.id", "officials.ward_id")
    .select([
      "officials.id",
      "officials.name",
      "officials.office",
      "officials.email",
      "officials.ward_id",
      "officials.retired_at",
      "wards.name as ward",
    ])
    .where("officials.jurisdiction_id", "=", jurisdictionId)
    .$if(!includeRetired, (q) => q.where("officials.retired_at", "is", null))
    .orderBy(sql`officials.retired_at is not null`)
    .$call(inOfficialOrder({ office: "officials.office", wardPosition: "wards.position", name: "officials.name" }))
    .execute();
}

async function wardBelongs(jurisdictionId: number, wardId: number | null, db: Executor) {
  if (wardId === null) return true;
  const ward = await db.selectFrom("wards").select("id").where("id", "=", wardId).where("jurisdiction_id", "=", jurisdictionId).executeTakeFirst();
  return Boolean(ward);
}

/** Saved, or the fields at fault (catalog keys) for the form to show. */
export type OfficialResult = { status: "saved"; id: number } | { status: "invalid"; errors: Errors };

async function emailProblem(e: unknown): Promise<OfficialResult> {
  if (isUniqueViolation(e, "officials_active_email")) return { status: "invalid", errors: { email: EMAIL_TAKEN } };
  throw e;
}

export async function addOfficial(
  { jurisdictionId, official }: { jurisdictionId: number; official: OfficialInput },
  db: Executor = getDb(),
): Promise<OfficialResult> {
  if (!(await jurisdictionExists(jurisdictionId, db))) return { status: "invalid", errors: { jurisdictionId: "draft.error.jurisdiction" } };
  if (!(await wardBelongs(jurisdictionId, official.wardId, db))) return { status: "invalid", errors: { wardId: "official.error.wardElsewhere" } };
  try {
    const row = await db
      .insertInto("officials")
      .values({ jurisdiction_id: jurisdictionId, name: official.name, office: official.office, ward_id: official.wardId, email: official.email })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { status: "saved", id: row.id };
  } catch (e) {
    return emailProblem(e);
  }
}

export async function updateOfficial({ id, official }: { id: number; official: OfficialInput }, db: Executor = getDb()): Promise<OfficialResult> {
  const current = await db.selectFrom("officials").select(["id", "jurisdiction_id"]).where("id", "=", id).executeTakeFirst();
  if (!current) return { status: "invalid", errors: { form: "official.error.gone" } };
  if (!(await wardBelongs(current.jurisdiction_id, official.wardId, db)))
    return { status: "invalid", errors: { wardId: "official.error.wardElsewhere" } };
  try {
    await db
      .updateTable("officials")
      .set({ name: official.name, office: official.office, ward_id: official.wardId, email: official.email })
      .where("id", "=", id)
      .execute();
    return { status: "saved", id };
  } catch (e) {
    return emailProblem(e);
  }
}

/**
 * Retired officials leave the directory organizers pick from; statements
 * already addressed to them keep them.
 */
export async function retireOfficial({ id }: { id: number }, db: Executor = getDb()) {
  await db.updateTable("officials").set({ retired_at: sql`now()` }).where("id", "=", id).where("retired_at", "is", null).execute();
}

export async function restoreOfficial({ id }: { id: number }, db: Executor = getDb()): Promise<OfficialResult> {
  try {
    await db.updateTable("officials").set({ retired_at: null }).where("id", "=", id).execute();
    return { status: "saved", id };
  } catch (e) {
    return emailProblem(e);
  }
}

/**
 * Imports a directory CSV all or nothing: any bad row and nothing changes,
 * with every problem reported by row. An address already in the directory
 * updates that official instead of adding a second one.
 */
export async function importOfficials(
  { jurisdictionId, csv }: { jurisdictionId: number; csv: string },
  db: Executor = getDb(),
): Promise<{ status: "imported"; added: number; updated: number } | { status: "invalid"; errors: CsvRowError[] }> {
  return inTransaction(db, async (trx) => {
    const wards = await listWards({ jurisdictionId }, trx);
    const { officials, errors } = readOfficialsCsv(csv, wards);
    if (errors.length) return { status: "invalid", errors };
    const existing = new Map(
      (
        await trx
          .selectFrom("officials")
          .select(["id", "email"])
          .where("jurisdiction_id", "=", jurisdictionId)
          .where("retired_at", "is", null)
          .forUpdate()
          .execute()
      ).map((o) => [o.email, o.id]),
    );
    let added = 0;
    let updated = 0;
    for (const o of officials) {
      const values = { name: o.name, office: o.office, ward_id: o.wardId, email: o.email };
      const id = existing.get(o.email);
      if (id) {
        await trx.updateTable("officials").set(values).where("id", "=", id).execute();
        updated++;
      } else {
        await trx.insertInto("officials").values({ ...values, jurisdiction_id: jurisdictionId }).execute();
        added++;
      }
    }
    return { status: "imported", added, updated };
  });
}
