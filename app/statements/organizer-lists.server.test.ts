import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createJurisdiction, createStatement, createUser } from "../../test/support/factories";
import { listOrganizerStatements } from "./organizer-lists.server";

const db = () => getDb();

describe("my statements", () => {
  it("shows each statement's verified count as the sum of its shards", async () => {
    const owner = await createUser();
    const { jurisdiction, officials } = await createJurisdiction();
    const open = await createStatement({ ownerId: owner.id, jurisdictionId: jurisdiction.id, officialIds: [officials[0].id], goal: 40 });
    await db().updateTable("statement_count_shards").set({ verified: sql`shard + 1` }).where("statement_id", "=", open.id).execute();
    const shards = await db().selectFrom("statement_count_shards").select("verified").where("statement_id", "=", open.id).execute();
    const list = await listOrganizerStatements({ userId: owner.id });
    expect(list).toMatchObject([{ id: open.id, state: "open", goal: 40, verified: shards.reduce((n, s) => n + s.verified, 0) }]);
  });
});
