import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createJurisdiction } from "../../test/support/factories";
import {
  addOfficial,
  createJurisdiction as addJurisdiction,
  importOfficials,
  listOfficials,
  listWards,
  restoreOfficial,
  retireOfficial,
  updateOfficial,
} from "./officials.server";

const emailsOf = async (jurisdictionId: number, includeRetired = false) =>
  (await listOfficials({ jurisdictionId, includeRetired })).map((o) => o.email);

describe("officials directory", () => {
  it("adds a jurisdiction with its wards in order", async () => {
    const j = await addJurisdiction({ name: "Town of Easthollow", wards: ["North", "South"] });
    expect(j.slug).toBe("town-of-easthollow");
    expect((await listWards({ jurisdictionId: j.id })).map((w) => w.name)).toEqual(["North", "South"]);
    expect((await addJurisdiction({ name: "Town of Easthollow", wards: [] })).slug).toBe("town-of-easthollow-2");
  });

  it("adds, edits, retires and restores officials, one active entry an address", async () => {
    const { jurisdiction, wards } = await createJurisdiction();
    const added = await addOfficial({ jurisdictionId: jurisdiction.id, official: { name: "Rae Newcomer", office: "ward_councilor", wardId: wards[0].id, email: "rae@example.org" } });
    if (added.status !== "saved") throw new Error("not added");
    expect(await addOfficial({ jurisdictionId: jurisdiction.id, official: { name: "Rae Again", office: "other", wardId: null, email: "rae@example.org" } })).toMatchObject({
      status: "invalid",
      errors: { email: "official.error.emailTaken" },
    });
    const other = await createJurisdiction();
    expect(await addOfficial({ jurisdictionId: jurisdiction.id, official: { name: "Far", office: "ward_councilor", wardId: other.wards[0].id, email: "far@example.org" } })).toMatchObject({
      status: "invalid",
      errors: { wardId: expect.any(String) },
    });

    expect(await updateOfficial({ id: added.id, official: { name: "Rae Newcomer", office: "at_large_councilor", wardId: null, email: "rae.n@example.org" } })).toEqual({ status: "saved", id: added.id });
    await retireOfficial({ id: added.id });
    expect(await emailsOf(jurisdiction.id)).not.toContain("rae.n@example.org");
    expect(await emailsOf(jurisdiction.id, true)).toContain("rae.n@example.org");
    expect(await restoreOfficial({ id: added.id })).toEqual({ status: "saved", id: added.id });
    expect(await emailsOf(jurisdiction.id)).toContain("rae.n@example.org");
  });

  it("imports a CSV all or nothing, reporting bad rows, and updates known addresses on a second run", async () => {
    const { jurisdiction, officials } = await createJurisdiction({ wards: 2 });
    const before = await emailsOf(jurisdiction.id);
    const bad = await importOfficials({
      jurisdictionId: jurisdiction.id,
      csv: "name,office,ward,email\nGood One,other,,good1@example.org\nBad,ward councilor,Ward 7,bad@example.org\n",
    });
    expect(bad).toEqual({ status: "invalid", errors: [{ row: 3, column: "ward", message: "import.error.noSuchWard", vars: { ward: "Ward 7" } }] });
    expect(await emailsOf(jurisdiction.id)).toEqual(before);

    const csv = `name,office,ward,email\nGood One,other,,good1@example.org\n"Councilor, Renamed",ward councilor,Ward 1,${officials[1].email}\n`;
    expect(await importOfficials({ jurisdictionId: jurisdiction.id, csv })).toEqual({ status: "imported", added: 1, updated: 1 });
    expect(await importOfficials({ jurisdictionId: jurisdiction.id, csv })).toEqual({ status: "imported", added: 0, updated: 2 });
    const renamed = await getDb().selectFrom("officials").select("name").where("id", "=", officials[1].id).executeTakeFirstOrThrow();
    expect(renamed.name).toBe("Councilor, Renamed");
    expect((await emailsOf(jurisdiction.id)).length).toBe(before.length + 1);
  });
});
