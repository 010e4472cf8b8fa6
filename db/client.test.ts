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

  it("settles every query when the server ends a busy connection, and answers again", { timeout: 120_000 }, async () => {
    // One connection, kept busy with prepared queries: postgres.js pipelined
    // them, and a backend ended under them left some unsettled for good.
    const one = createDb(process.env.DATABASE_URL!, { max: 1, name: "client-test-terminate" });
    const within = <T>(ms: number, p: Promise<T>) =>
      Promise.race([p, new Promise<"unsettled">((resolve) => setTimeout(() => resolve("unsettled"), ms))]);
    try {
      for (let round = 0; round < 15; round++) {
        const pid = await within(10_000, sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(one).then((r) => r.rows[0].pid));
        expect(pid, `round ${round}: the connection answers`).not.toBe("unsettled");
        let stop = false;
        const load = (async () => {
          while (!stop) await Promise.allSettled(Array.from({ length: 20 }, (_, i) => sql`select ${i}::int + ${round}::int as n`.execute(one)));
        })();
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
        await sql`select pg_terminate_backend(${pid})`.execute(db);
        await new Promise((r) => setTimeout(r, 30));
        stop = true;
        expect(await within(10_000, load.then(() => "settled")), `round ${round}: queries in flight`).toBe("settled");
      }
    } finally {
      // Ending a pool whose queries never settled would wait for them forever.
      await within(5_000, one.destroy());
    }
  });

  it("streams rows with a cursor", async () => {
    await sql`insert into client_test (n) select generate_series(10, 1009)`.execute(db);
    let count = 0;
    for await (const _row of db.selectFrom("client_test" as never).select(sql`n`.as("n")).stream(50)) count++;
    expect(count).toBe(1001);
  });
});
