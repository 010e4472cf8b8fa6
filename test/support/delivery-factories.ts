import { sql } from "kysely";
import { randomBytes } from "node:crypto";
import { getDb } from "~/db.server";
import { deliverStatement } from "~/delivery/deliver.server";
import { COUNT_SHARDS } from "../../app/signing/verified-count.server";
import type { Executor } from "../../db/types";
import { createSignature } from "./campaign-factories";

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
    insert into signatures (statement_id, state, name, email, email_key, ward_id, outside_jurisdiction, display, updates, verified_at, created_at)
    select ${statementId}, 'verified',
           ${namePrefix} || ' ' || i || ' ' || (${names})[1 + i % ${SAMPLE_NAMES.length}],
           ${`signer-${tag}-`} || i || '@example.org',
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

/** One signature in any state; counted when verified (createSignature, by the name the delivery tests use). */
export const addSignature = createSignature;

/** Confirms a pending signature now, as the signing journey does. */
export async function verifySignature({ id, statementId }: { id: string; statementId: number }, db: Executor = getDb()) {
  await db.updateTable("signatures").set({ state: "verified", verified_at: new Date() }).where("id", "=", id).execute();
  await bumpVerifiedCount({ statementId, by: 1 }, db);
}

/** Delivers a statement and insists it happened: a refusal fails the test with its reason. */
export async function deliverNow(args: Parameters<typeof deliverStatement>[0], db?: Executor) {
  const result = await deliverStatement(args, db);
  if (result.status !== "delivered") throw new Error(`delivery refused: ${result.status}`);
  return result;
}

/** The tokens are only ever in the emails: read them back from the outbox. */
export async function officialLinks(deliveryId: number) {
  const rows = await getDb()
    .selectFrom("official_deliveries as od")
    .innerJoin("outbox as o", "o.id", "od.outbox_id")
    .select(["od.id", "od.official_name", "od.office", "od.ward_count", "o.text_body", "o.subject", "o.attachments", "o.to_address"])
    .where("od.delivery_id", "=", deliveryId)
    .orderBy("od.id")
    .execute();
  return rows.map((r) => ({ ...r, token: r.text_body.match(/\/officials\/([A-Za-z0-9_-]+)/)![1] }));
}
