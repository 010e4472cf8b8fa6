import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { getPublicStatement } from "~/statements/public-page.server";
import { createJurisdiction, createStatement, createUser } from "../../test/support/factories";
import { addVerifiedSignatures, deliverNow } from "../../test/support/delivery-factories";
import { getDeliveryBoard } from "./delivery-board.server";
import { getPublicDeliveryRecord } from "./public-record.server";

describe("the delivery record", () => {
  it("lists the same officials in the same order as the statement page: by office, then ward, then name", async () => {
    const owner = await createUser();
    const { jurisdiction, wards, officials } = await createJurisdiction({ wards: 3 });
    // Names that sort against the wards' order, and an office of its own that sorts first by name.
    const councilors = officials.filter((o) => o.office === "ward_councilor");
    const byWard = (wardId: number) => councilors.find((o) => o.ward_id === wardId)!.id;
    await getDb().updateTable("officials").set({ name: "Zed Councilor" }).where("id", "=", byWard(wards[0].id)).execute();
    await getDb().updateTable("officials").set({ name: "Abe Councilor" }).where("id", "=", byWard(wards[2].id)).execute();
    const clerk = await getDb()
      .insertInto("officials")
      .values({ jurisdiction_id: jurisdiction.id, name: "Aaron Clerk", office: "other", ward_id: null, email: `clerk-${jurisdiction.id}@example.org` })
      .returning("id")
      .executeTakeFirstOrThrow();
    const statement = await createStatement({ ownerId: owner.id, jurisdictionId: jurisdiction.id, officialIds: [clerk.id, ...officials.map((o) => o.id).reverse()] });
    await addVerifiedSignatures({ statementId: statement.id, count: 3 });
    await deliverNow({ statementId: statement.id, reason: "manual" });

    const onPage = (await getPublicStatement({ slug: statement.slug }))!.officials.map((o) => o.name);
    const record = (await getPublicDeliveryRecord({ statementId: statement.id })).deliveries[0].officials.map((o) => o.name);
    const board = (await getDeliveryBoard({ statementId: statement.id })).deliveries[0].officials.map((o) => o.official_name);
    expect(onPage).toEqual(["Mayor Test", "Zed Councilor", "Councilor 2", "Abe Councilor", "At-large Councilor 1", "At-large Councilor 2", "Aaron Clerk"]);
    expect(record).toEqual(onPage);
    expect(board).toEqual(onPage);
  });
});
