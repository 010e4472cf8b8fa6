import { sql } from "kysely";
import { randomBytes } from "node:crypto";
import { getDb } from "~/db.server";
import { COUNT_SHARDS } from "../../app/signing/verified-count.server";
import type { DisplayChoice } from "../../db/states";
import type { Executor } from "../../db/types";

/** Names with letters beyond ASCII, as real signers' names have. */
export const SAMPLE_NAMES = ["Zoë Okafor", "José Núñez", "Nguyễn Thị Lan", "Ólafur Jónsson", "Łucja Wróbel", "Ana-María O'Neil", "Chloé \"Coco\" Durand", "Dmitri Ivanov"];

/**
 * Bulk-inserts `count` verified signatures straight into `signatures` (one
 * INSERT … SELECT over generate_series, fast enough for a million) and bumps
 * the statement's count shards to match. Signer i is in ward
 * `wardIds[i % wardIds.length]`, except every `outsideEvery`-th (outside the
 * jurisdiction) and every `noWardEvery`-th (ward not asked); displays cycle
 * full, initials, private; every `updatesEvery`-th wants updates.
 */
export async function addVerifiedSignatures(
  {
    statementId,
    count,
    wardIds = [],
    outsideEvery = 10,
    noWardEvery = 0,
    updatesEvery = 0,
    namePrefix = "Signer",
    verifiedAt = null as Date | null,
  }: {
    statementId: number;
    count: number;
    wardIds?: number[];
    outsideEvery?: number;
    noWardEvery?: number;
    updatesEvery?: number;
    namePrefix?: string;
    verifiedAt?: Date | null;
  },
  db: Executor = getDb(),
) {
  if (count <= 0) return;
  const tag = randomBytes(4).toString("hex");
  const wards = sql`${sql.lit(`{${wardIds.join(",")}}`)}::int[]`;
  const names = sql`${sql.lit(`{${SAMPLE_NAMES.map((n) => `"${n.replace(/["\\]/g, "\\$&")}"`).join(",")}}`)}::text[]`;
  await sql`
    insert into signatures (statement_id, state, name, email, ward_id, outside_jurisdiction, display, updates, verified_at, created_at)
    select ${statementId}, 'verified',
           ${namePrefix} || ' ' || i || ' ' || (${names})[1 + i % ${SAMPLE_NAMES.length}],
           ${`signer-${tag}-`} || i || '@example.org',
           case when ${outsideEvery} > 0 and i % ${outsideEvery} = ${Math.max(outsideEvery - 1, 0)} then null
                when ${noWardEvery} > 0 and i % ${noWardEvery} = 0 then null
                when cardinality(${wards}) = 0 then null
                else (${wards})[1 + i % greatest(cardinality(${wards}), 1)] end,
           ${outsideEvery} > 0 and i % ${outsideEvery} = ${Math.max(outsideEvery - 1, 0)},
           (array['full', 'initials', 'private'])[1 + i % 3],
           ${updatesEvery} > 0 and i % ${updatesEvery} = 0,
           coalesce(${verifiedAt}::timestamptz, now() - make_interval(secs => ${count} - i)),
           now() - interval '1 day'
    from generate_series(1, ${count}) as i`.execute(db);
  await bumpVerifiedCount({ statementId, by: count }, db);
}

export async function bumpVerifiedCount({ statementId, by }: { statementId: number; by: number }, db: Executor = getDb()) {
  await db
    .updateTable("statement_count_shards")
    .set({ verified: sql`verified + ${by}` })
    .where("statement_id", "=", statementId)
    .where("shard", "=", Math.floor(Math.random() * COUNT_SHARDS))
    .execute();
}

/** One signature in any state; counted when verified. */
export async function addSignature(
  {
    statementId,
    name,
    email = `one-${randomBytes(4).toString("hex")}@example.org`,
    state = "verified",
    wardId = null,
    outside = false,
    display = "full",
    updates = false,
  }: {
    statementId: number;
    name: string;
    email?: string;
    state?: "pending" | "verified" | "suspicious" | "withdrawn";
    wardId?: number | null;
    outside?: boolean;
    display?: DisplayChoice;
    updates?: boolean;
  },
  db: Executor = getDb(),
) {
  const row = await db
    .insertInto("signatures")
    .values({
      statement_id: statementId,
      state,
      name,
      email,
      ward_id: wardId,
      outside_jurisdiction: outside,
      display,
      updates,
      verified_at: state === "verified" || state === "withdrawn" ? new Date() : null,
      withdrawn_at: state === "withdrawn" ? new Date() : null,
    })
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
  if (state === "verified") await bumpVerifiedCount({ statementId, by: 1 }, db);
  return row;
}

/** Confirms a pending signature now, as the signing journey does. */
export async function verifySignature({ id, statementId }: { id: string; statementId: number }, db: Executor = getDb()) {
  await db.updateTable("signatures").set({ state: "verified", verified_at: new Date() }).where("id", "=", id).execute();
  await bumpVerifiedCount({ statementId, by: 1 }, db);
}
