// Signers' receipts (docs/decisions/0010): one email each, queued in the
// delivery's transaction by one INSERT … SELECT a language, and composed
// when the worker sends it, with the inclusion proof computed then from the
// stored leaf groups (receipt-tree.server.ts).
import { sql } from "kysely";
import type { Executor, OutboxRow } from "../../db/types";
import { getDb } from "~/db.server";
import { appUrl } from "~/env.server";
import { LOCALES } from "~/i18n/core";
import { receiptEmail, receiptQueuedEmail } from "~/mail/receipt-emails.server";
import { outboxInsertSql } from "~/mail/outbox.server";
import { localized } from "~/statements/text";
import { toHex } from "./merkle";
import { encodeReceipt, publicManifestPath } from "./receipt";
import { inclusionProof } from "./receipt-tree.server";

/**
 * Queues one receipt for every signer of the delivery, in the language they
 * signed in, even to those who declined updates (it is about their own
 * signature). Leaf i is the delivery's (i+1)-th signature in packet order.
 * Addresses are unique within a statement, so each outbox row finds its
 * signer's leaf by its address.
 */
export async function queueReceipts(
  { deliveryId, title, titleEs }: { deliveryId: number; title: string; titleEs: string },
  trx: Executor,
): Promise<void> {
  const inserts = LOCALES.map(
    (locale) =>
      sql`${sql.id(`sent_${locale}`)} as (${outboxInsertSql(receiptQueuedEmail({ title: localized(locale, title, titleEs) }, locale), sql`leaves where locale = ${locale}`)} returning id, to_address)`,
  );
  await sql`
    with leaves as materialized (
      select s.email, s.locale, (row_number() over (order by ds.signature_id) - 1)::int as leaf_index
      from delivery_signatures ds join signatures s on s.id = ds.signature_id
      where ds.delivery_id = ${deliveryId} and s.anonymized_at is null
    ),
    ${sql.join(inserts)}
    insert into delivery_receipts (outbox_id, delivery_id, leaf_index, locale)
    select sent.id, ${deliveryId}::int, leaves.leaf_index, leaves.locale
    from (${sql.join(LOCALES.map((l) => sql`select id, to_address from ${sql.id(`sent_${l}`)}`), sql` union all `)}) sent
    join leaves on leaves.email = sent.to_address`.execute(trx);
}

/** The outbox's compose hook: the receipt as it is sent. Throws when its data is gone, so the outbox records why. */
export async function composeReceipt(row: OutboxRow, db: Executor = getDb()) {
  const receipt = await db
    .selectFrom("delivery_receipts as r")
    .innerJoin("deliveries as d", "d.id", "r.delivery_id")
    .innerJoin("statements as s", "s.id", "d.statement_id")
    .innerJoin("jurisdictions as j", "j.id", "s.jurisdiction_id")
    .select(["r.leaf_index", "r.locale", "d.id", "d.sequence", "d.delivered_at", "d.manifest", "d.packet_sha256", "s.slug", "s.title", "s.title_es", "j.name as jurisdiction"])
    .where("r.outbox_id", "=", row.id)
    .executeTakeFirst();
  const tree = receipt?.manifest?.signatures.merkle;
  if (!receipt || !tree) throw new Error(`no receipt for outbox row ${row.id}`);
  const proof = await inclusionProof({ deliveryId: receipt.id, index: receipt.leaf_index }, db);
  if (!proof) throw new Error(`the packet of delivery ${receipt.id} is no longer stored`);
  const officials = await db
    .selectFrom("official_deliveries")
    .select(["official_name as name", "office"])
    .where("delivery_id", "=", receipt.id)
    .orderBy("id")
    .execute();
  const path = proof.path.map(toHex);
  const compact = encodeReceipt({ slug: receipt.slug, sequence: receipt.sequence, index: receipt.leaf_index, size: tree.leaves, root: tree.root, path, record: proof.record });
  return receiptEmail(
    {
      title: localized(receipt.locale, receipt.title, receipt.title_es),
      jurisdiction: receipt.jurisdiction,
      deliveredAt: new Date(receipt.delivered_at),
      officials,
      packetSha256: receipt.packet_sha256 ?? "",
      root: tree.root,
      size: tree.leaves,
      index: receipt.leaf_index,
      record: proof.record,
      path,
      verifyUrl: `${appUrl()}/verify#receipt=${compact}`,
      receipt: compact,
      manifestUrl: `${appUrl()}${publicManifestPath(receipt.slug, receipt.sequence)}`,
    },
    receipt.locale,
  );
}

/**
 * A delivery's public manifest: the packet's manifest (hashes, counts, the
 * Merkle root, the statement's text: no signer's name or address) and to
 * whom it went. Null when the statement is not public or has no such delivery.
 */
export async function findPublicManifest({ slug, sequence }: { slug: string; sequence: number }, db: Executor = getDb()) {
  if (!Number.isSafeInteger(sequence) || sequence < 1) return null;
  const delivery = await db
    .selectFrom("deliveries as d")
    .innerJoin("statements as s", "s.id", "d.statement_id")
    .select(["d.id", "d.manifest"])
    .where("s.slug", "=", slug)
    .where("s.state", "in", ["open", "closed", "delivered"])
    .where("d.sequence", "=", sequence)
    .executeTakeFirst();
  if (!delivery?.manifest) return null;
  const deliveredTo = await db
    .selectFrom("official_deliveries")
    .select(["official_name as name", "office"])
    .where("delivery_id", "=", delivery.id)
    .orderBy("id")
    .execute();
  return { ...delivery.manifest, deliveredTo };
}
