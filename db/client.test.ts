import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "./client";

describe("createDb", () => {
  const db = createDb(process.env.DATABASE_URL!, { max: 4, name: "client-test" });
  const pid = (on: Kysely<any>) => sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(on).then((r) => r.rows[0].pid);
  beforeAll(async () => {
    await sql`create table client_test (n integer not null)`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
  });

  it("runs a transaction on one connection, and rolls it back on error", async () => {
    const pids = await db.transaction().execute(async (trx) => {
      await sql`insert into client_test (n) values (1)`.execute(trx);
      return Promise.all(Array.from({ length: 10 }, () => pid(trx)));
    });
    expect(new Set(pids).size).toBe(1);
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into client_test (n) values (2)`.execute(trx);
        await sql`select 1 / 0`.execute(trx);
      }),
    ).rejects.toThrow(/division by zero/);
    const rows = await sql<{ n: number }>`select n from client_test order by n`.execute(db);
    expect(rows.rows).toEqual([{ n: 1 }]);
  });

  it("spreads queries outside a transaction over the pool", async () => {
    const pids = await Promise.all(Array.from({ length: 40 }, () => sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.02)`.execute(db)));
    expect(new Set(pids.map((r) => r.rows[0].pid)).size).toBeGreaterThan(1);
  });

  it("prepares queries with parameters once per connection, and not bulk ones", async () => {
    const prepared = await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 3; i++) await sql`select ${i}::int + 1 as n`.execute(trx);
      await sql`select ${sql.join(Array.from({ length: 100 }, (_, i) => sql`${i}::int`))}`.execute(trx);
      return (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(trx)).rows.map((r) => r.statement);
    });
    expect(prepared.filter((s) => s.includes("::int + 1"))).toHaveLength(1);
    expect(prepared.filter((s) => s.includes("$100"))).toHaveLength(0);
  });

  it("streams rows with a cursor", async () => {
    await sql`insert into client_test (n) select generate_series(10, 1009)`.execute(db);
    let count = 0;
    for await (const _row of db.selectFrom("client_test" as never).select(sql`n`.as("n")).stream(50)) count++;
    expect(count).toBe(1001);
  });
});
