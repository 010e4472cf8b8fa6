import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb, inTransaction } from "~/db.server";
import { createOpenStatement } from "../../test/support/factories";
import { COUNT_SHARDS, subtractOneFromAShard, verifiedCount, verifiedSum, verifiedSumOf } from "./verified-count.server";

const db = () => getDb();

describe("the verified count", () => {
  it("starts at zero on COUNT_SHARDS rows made when the statement is published", async () => {
    const { statement } = await createOpenStatement();
    const rows = await db().selectFrom("statement_count_shards").select("verified").where("statement_id", "=", statement.id).execute();
    expect(rows).toHaveLength(COUNT_SHARDS);
    expect(await verifiedCount(statement.id)).toBe(0);
  });

  it("is the sum of whatever shard rows there are, however a subquery names the statement", async () => {
    const { statement } = await createOpenStatement();
    await db().updateTable("statement_count_shards").set({ verified: sql`shard + 1` }).where("statement_id", "=", statement.id).execute();
    await db().insertInto("statement_count_shards").values({ statement_id: statement.id, shard: COUNT_SHARDS + 3, verified: 4 }).execute();
    const expected = (COUNT_SHARDS * (COUNT_SHARDS + 1)) / 2 + 4;
    expect(await verifiedCount(statement.id)).toBe(expected);
    const row = await db()
      .selectFrom("statements")
      .select([verifiedSum.as("plain")])
      .where("statements.id", "=", statement.id)
      .executeTakeFirstOrThrow();
    const aliased = await db()
      .selectFrom("statements as s")
      .select(verifiedSumOf("s.id").as("n"))
      .where("s.id", "=", statement.id)
      .executeTakeFirstOrThrow();
    expect([row.plain, aliased.n]).toEqual([expected, expected]);
  });

  it("goes down by one on a withdrawal, in the caller's transaction", async () => {
    const { statement } = await createOpenStatement();
    await expect(
      inTransaction(db(), async (trx) => {
        await subtractOneFromAShard(statement.id, trx);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await verifiedCount(statement.id)).toBe(0);
    await inTransaction(db(), (trx) => subtractOneFromAShard(statement.id, trx));
    expect(await verifiedCount(statement.id)).toBe(-1);
  });
});
