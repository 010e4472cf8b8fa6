import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "../server/embedded-postgres";
import { createDb } from "./client";
import type { DB } from "./types";

// The database goes away in the middle of a transaction. With
// kysely-postgres-js the transaction's next query never settled (postgres.js
// threw from a socket callback instead), so the request waiting on it hung.

const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);

describe("transactions when the database goes away", () => {
  let dir: string;
  let port: number;
  let pg: EmbeddedDatabase;
  let db: DB;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "undersigned-dialect-"));
    port = await freePort();
    pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port });
    db = createDb(await pg.createDatabase("d"), { max: 3 });
    await sql`create table t (n int primary key)`.execute(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await pg?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("fail instead of hanging, roll back, and work again once it is back", async () => {
    const outcome = db.transaction().execute(async (trx) => {
      await trx.insertInto("t" as never).values({ n: 1 } as never).execute();
      await pg.stop();
      await sql`select 1`.execute(trx);
    });
    await expect(within(10_000, outcome)).rejects.toMatchObject({ code: expect.any(String) });
    await expect(within(10_000, sql`select 1`.execute(db))).rejects.toThrow();

    pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port });
    const n = await within(10_000, db.transaction().execute(async (trx) => {
      await trx.insertInto("t" as never).values({ n: 2 } as never).execute();
      return sql<{ n: number }>`select count(*)::int as n from t`.execute(trx);
    }));
    // The first transaction's row never committed.
    expect(n.rows[0].n).toBe(1);
  });

  it("commit what they did, and roll back what threw", async () => {
    await db.transaction().execute((trx) => trx.insertInto("t" as never).values({ n: 10 } as never).execute());
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto("t" as never).values({ n: 11 } as never).execute();
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    // A failed statement aborts the transaction: its error is the one reported.
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto("t" as never).values({ n: 12 } as never).execute();
        await trx.insertInto("t" as never).values({ n: 10 } as never).execute();
      }),
    ).rejects.toMatchObject({ code: "23505" });
    const rows = await sql<{ n: number }>`select n from t where n >= 10 order by n`.execute(db);
    expect(rows.rows.map((r) => r.n)).toEqual([10]);
  });
});
