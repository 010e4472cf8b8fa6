import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { getDb } from "~/db.server";
import { inboxKey } from "../../app/mail/email-address";
import { COUNT_SHARDS } from "../../app/signing/verified-count.server";
import type { DisplayChoice, SignatureState } from "../../db/states";
import type { Executor } from "../../db/types";

const unique = () => randomBytes(4).toString("hex");

/**
 * One signature in any state, inserted directly (the signing flow is another
 * module's; support/signature-factories.ts goes through it), with the
 * statement's counter bumped when it is verified, as verification does. A
 * withdrawn signature was verified first.
 */
export async function createSignature(
  {
    statementId,
    name = `Signer ${unique()}`,
    email = `signer-${unique()}@example.org`,
    state = "verified",
    display = "full",
    updates = false,
    wardId = null,
    outside = false,
    createdAt,
    verifiedAt,
  }: {
    statementId: number;
    name?: string;
    email?: string;
    state?: SignatureState;
    display?: DisplayChoice;
    updates?: boolean;
    wardId?: number | null;
    outside?: boolean;
    createdAt?: Date;
    verifiedAt?: Date;
  },
  db: Executor = getDb(),
) {
  const created = createdAt ?? new Date();
  const signature = await db
    .insertInto("signatures")
    .values({
      statement_id: statementId,
      name,
      email,
      email_key: inboxKey(email),
      state,
      display,
      updates,
      ward_id: outside ? null : wardId,
      outside_jurisdiction: outside,
      created_at: created,
      verified_at: state === "verified" || state === "withdrawn" ? (verifiedAt ?? created) : null,
      withdrawn_at: state === "withdrawn" ? created : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (state === "verified") {
    await db
      .insertInto("statement_count_shards")
      .values({ statement_id: statementId, shard: Number(BigInt(signature.id) % BigInt(COUNT_SHARDS)), verified: 1 })
      .onConflict((oc) => oc.columns(["statement_id", "shard"]).doUpdateSet({ verified: sql`statement_count_shards.verified + 1` }))
      .execute();
  }
  return signature;
}

/** Makes the statement's last update old enough that the next one is allowed. */
export async function ageUpdates(statementId: number, hours = 25, db: Executor = getDb()) {
  await db
    .updateTable("statement_updates")
    .set({
      created_at: sql`created_at - ${`${hours} hours`}::interval`,
      quiet_until: sql`quiet_until - ${`${hours} hours`}::interval`,
    })
    .where("statement_id", "=", statementId)
    .execute();
}
