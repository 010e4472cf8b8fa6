import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb, inTransaction } from "~/db.server";
import { env } from "~/env.server";
import { closeStatementsPastDeadline } from "~/statements/deadlines.server";
import { changingPublicPages } from "~/statements/public-reads.server";
import { pruneRateLimits } from "./rate-limit.server";
import { pruneExpiredSubmissions } from "./sign.server";

/**
 * When a statement's collection last ended: the later of its last delivery
 * and its deadline (its closing only when it had neither). Null while none
 * has happened. Retention counts from here for every statement, open ones
 * included: one that keeps collecting after a delivery stays open. Closing
 * at the deadline does not restart it.
 */
const collectionEnded = sql<Date | null>`coalesce(greatest(s.deadline, (select max(d.delivered_at) from deliveries d where d.statement_id = s.id)), s.closed_at)`;
const retentionCutoff = (months: number) => sql<Date>`now() - make_interval(months => ${months})`;

/** Statements whose collection ended more than `months` ago. */
function expiredStatements(months: number, db: Executor) {
  return db
    .selectFrom("statements as s")
    .select("s.id")
    .where("s.state", "in", ["open", "closed", "delivered"])
    .where(collectionEnded, "<", retentionCutoff(months));
}

/**
 * Their signatures whose time is up: all of a closed or delivered
 * statement's; of a statement still collecting, those given before its
 * collection last ended (the ones its deliveries were made of; later ones
 * wait for the next delivery or the deadline).
 */
function expiredSignatures(months: number, db: Executor) {
  return db
    .selectFrom("signatures as sig")
    .innerJoin("statements as s", "s.id", "sig.statement_id")
    .select("sig.id")
    .where("sig.statement_id", "in", expiredStatements(months, db))
    .where("sig.anonymized_at", "is", null)
    .where((eb) => eb.or([eb("s.state", "<>", "open"), eb("sig.created_at", "<=", collectionEnded)]));
}

/**
 * Erases the names, addresses and links of the signers of statements past
 * their retention period, a batch at a time. The rows stay, with their
 * state, ward and dates: counts, ward tallies, the dashboard and every
 * delivered packet's membership and hashes are unchanged. Returns how many
 * signatures it anonymized.
 */
async function anonymizeExpiredSignatures(
  { months = env().RETENTION_MONTHS, batchSize = 1_000 }: { months?: number; batchSize?: number } = {},
  db: Executor = getDb(),
): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await inTransaction(db, async (trx) => {
      const batch = await trx
        .selectFrom("signatures")
        .select("id")
        .where("id", "in", expiredSignatures(months, trx))
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (batch.length === 0) return 0;
      const ids = batch.map((r) => r.id);
      // The unsubscribe links of past updates named these signatures.
      await trx.deleteFrom("statement_update_recipients").where("signature_id", "in", ids).execute();
      await trx
        .updateTable("signatures")
        .set({
          name: "",
          email: sql`'anonymized-' || id || '@invalid'`,
          display: "private",
          updates: false,
          client_ip: null,
          verify_token_hash: null,
          verify_expires_at: null,
          withdraw_token_hash: null,
          anonymized_at: sql`now()`,
        })
        .where("id", "in", ids)
        .execute();
      return ids.length;
    });
    total += done;
    if (done < batchSize) return total;
  }
}

/**
 * Deletes the content of the packets of those statements (their PDF and CSV
 * list the signers by name). Each file's size and SHA-256 stay, and so does
 * the manifest: an official's copy can still be checked against them.
 */
async function purgeExpiredPackets({ months = env().RETENTION_MONTHS }: { months?: number } = {}, db: Executor = getDb()) {
  return inTransaction(db, async (trx) => {
    const files = await trx
      .updateTable("packet_files")
      .set({ purged_at: sql`now()` })
      .where("purged_at", "is", null)
      .where("delivery_id", "in", (eb) => eb.selectFrom("deliveries").select("id").where("statement_id", "in", expiredStatements(months, trx)))
      .returning("id")
      .execute();
    if (files.length) await trx.deleteFrom("packet_file_chunks").where("file_id", "in", files.map((f) => f.id)).execute();
    // The records kept for receipts are the CSV's (decision 0010): they go with it.
    if (files.length) await trx.deleteFrom("delivery_leaf_groups").where("delivery_id", "in", (eb) => eb.selectFrom("packet_files").select("delivery_id").where("id", "in", files.map((f) => f.id))).execute();
    return files.length;
  });
}

/**
 * Everything else that names people and has outlived its use: sent or
 * failed mail older than the retention period (it holds addresses, names
 * and links), spent or expired sign-in links, invitations and sessions,
 * and rate-limit windows (keyed by address).
 */
async function pruneExpiredRecords({ months = env().RETENTION_MONTHS }: { months?: number } = {}, db: Executor = getDb()) {
  const mail = await db.deleteFrom("outbox").where("state", "in", ["sent", "failed"]).where("created_at", "<", retentionCutoff(months)).executeTakeFirst();
  await db.deleteFrom("login_tokens").where("expires_at", "<", sql<Date>`now() - interval '1 day'`).execute();
  await db.deleteFrom("organizer_invitations").where("expires_at", "<", sql<Date>`now() - interval '1 day'`).execute();
  await db.deleteFrom("sessions").where("expires_at", "<", sql<Date>`now()`).execute();
  await pruneRateLimits(db);
  await pruneExpiredSubmissions(db);
  return { mail: Number(mail.numDeletedRows) };
}

/** The scheduled job: idempotent, and safe in several processes at once. */
export async function runRetention(options: { months?: number } = {}, db: Executor = getDb()) {
  // A statement past its deadline is closed before its retention is counted.
  await closeStatementsPastDeadline(db);
  const signatures = await changingPublicPages(anonymizeExpiredSignatures(options, db));
  const packetFiles = await purgeExpiredPackets(options, db);
  const { mail } = await pruneExpiredRecords(options, db);
  return { signatures, packetFiles, mail };
}
