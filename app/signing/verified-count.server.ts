import { sql, type RawBuilder } from "kysely";
import type { Executor } from "../../db/types";
import { getReadDb } from "~/db.server";
import { PUBLIC_STATEMENT_STATES } from "./signatures";

// The one owner of the sharded verified count (docs/decisions/0002): the
// number of shard rows, how a shard is created, moved up and down, and how
// readers sum them. Nothing else in the app names `statement_count_shards`.

/** Shard rows made when a statement is published; a surge may add more, up to four times as many. */
export const COUNT_SHARDS = 16;

/** The shard rows of a newly published statement, in the caller's transaction. */
export async function createCountShards(statementId: number, trx: Executor): Promise<void> {
  await trx
    .insertInto("statement_count_shards")
    .values(Array.from({ length: COUNT_SHARDS }, (_, shard) => ({ statement_id: statementId, shard, verified: 0 })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * The CTEs that add one to the count of every row of the CTE `from` (which
 * returns `statement_id`), for use inside one larger statement (the
 * confirmation path is ONE statement). The shard is one no other
 * confirmation holds (SKIP LOCKED; the search starts at a random one), so
 * concurrent confirmations do not queue on a row lock. When every shard is
 * held (more confirmations in flight than shards, e.g. several web
 * processes), a new shard row is added past COUNT_SHARDS, up to four times as
 * many: readers sum whatever rows there are. Defines the CTEs `free`, `fresh`
 * and `bump`.
 */
export function addOneToAShard({ statementId, from }: { statementId: number; from: "upd" }): RawBuilder<unknown> {
  const source = sql.id(from);
  return sql`free as (
      select shard from statement_count_shards
      where statement_id = ${statementId} and exists (select 1 from ${source})
      order by (shard + ${Math.floor(Math.random() * COUNT_SHARDS)}) % ${COUNT_SHARDS} limit 1 for update skip locked
    ), fresh as (
      select s as shard from generate_series(${COUNT_SHARDS}::int, ${4 * COUNT_SHARDS - 1}::int) as s
      where exists (select 1 from ${source}) and not exists (select 1 from free)
        and not exists (select 1 from statement_count_shards c where c.statement_id = ${statementId} and c.shard = s)
      order by random() limit 1
    ), bump as (
      insert into statement_count_shards (statement_id, shard, verified)
      select statement_id, coalesce((select shard from free), (select shard::smallint from fresh), ${Math.floor(Math.random() * 4 * COUNT_SHARDS)}::smallint), 1 from ${source}
      on conflict (statement_id, shard) do update set verified = statement_count_shards.verified + 1
    )`;
}

/** Takes one off the count (a withdrawal) on a random shard, in the caller's transaction: only the sum means anything. */
export async function subtractOneFromAShard(statementId: number, trx: Executor): Promise<void> {
  const shard = Math.floor(Math.random() * COUNT_SHARDS);
  await trx
    .insertInto("statement_count_shards")
    .values({ statement_id: statementId, shard, verified: -1 })
    .onConflict((oc) => oc.columns(["statement_id", "shard"]).doUpdateSet({ verified: sql`statement_count_shards.verified + ${-1}` }))
    .execute();
}

/** The verified count of the statement whose id is the column `statementIdColumn`, as a subquery for a select list or a where. */
export function verifiedSumOf(statementIdColumn: string): RawBuilder<number> {
  return sql<number>`coalesce((select sum(verified) from statement_count_shards where statement_id = ${sql.ref(statementIdColumn)}), 0)::int`;
}

/** The verified count of each `statements` row of a query. */
export const verifiedSum = verifiedSumOf("statements.id");

/** The exact verified count: the sum of the statement's counter shards. */
export async function verifiedCount(statementId: number, db: Executor = getReadDb()): Promise<number> {
  const row = await db
    .selectFrom("statement_count_shards")
    .select(sql<number>`coalesce(sum(verified), 0)::int`.as("n"))
    .where("statement_id", "=", statementId)
    .executeTakeFirst();
  return row?.n ?? 0;
}

/** The verified count of a public statement, or null when there is none to show. */
export async function publicVerifiedCount({ slug }: { slug: string }, db: Executor = getReadDb()): Promise<number | null> {
  const row = await db
    .selectFrom("statements")
    .leftJoin("statement_count_shards", "statement_count_shards.statement_id", "statements.id")
    .select(sql<number>`coalesce(sum(statement_count_shards.verified), 0)::int`.as("n"))
    .where("statements.slug", "=", slug)
    .where("statements.state", "in", PUBLIC_STATEMENT_STATES)
    .groupBy("statements.id")
    .executeTakeFirst();
  return row ? row.n : null;
}
