// Making deliveries: the organizer's button, a retry for a failed official,
// and the automatic ones when a deadline passes or a goal is reached.
import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb, inTransaction } from "~/db.server";
import { appUrl } from "~/env.server";
import type { Locale } from "~/i18n/core";
import { officialDeliveryEmail } from "~/mail/delivery-emails.server";
import type { OutgoingEmail } from "~/mail/outbox";
import { enqueueEmails } from "~/mail/outbox.server";
import { inOfficialOrder } from "~/officials/office-rank.server";
import { verifiedSumOf } from "~/signing/verified-count.server";
import { changingPublicPages } from "~/statements/public-reads.server";
import { contentOf } from "~/statements/text";
import { newToken } from "~/utils/crypto.server";
import { officialCopies } from "./official-rows.server";
import { PACKET_FILE_REF } from "./packet-files.server";
import type { PacketSource } from "./packet-pdf.server";
import { writePacket } from "./packet-writer.server";
import { queueReceipts } from "./receipts.server";
import type { DeliveryTrigger, StatementState } from "../../db/states";

/** Attach the PDF and CSV to officials' emails when together they are no larger than this. */
const ATTACHMENT_LIMIT_BYTES = 10 * 1024 * 1024;
const DELIVERABLE: StatementState[] = ["open", "closed", "delivered"];

export type DeliveryRefusal = "not_deliverable" | "nothing_new" | "no_officials";
export type DeliveryResult =
  | {
      /** "repeated": the sequence the caller saw offered was already delivered (a second click): nothing new was done. */
      status: "delivered" | "repeated";
      deliveryId: number;
      sequence: number;
      count: number;
    }
  | { status: DeliveryRefusal };

/**
 * Delivers a statement: freezes the verified signatures not yet delivered
 * (all of them the first time, the new ones for a supplement), writes the
 * packet (CSV, manifest, PDF), gives each official a private link and puts
 * one email each in the outbox, queues every signer's receipt, and closes the statement unless it keeps
 * collecting. All of it in one transaction: it happens entirely or not at all.
 * A refusal (not deliverable, nothing new, no officials) is a status, with
 * nothing written.
 */
export async function deliverStatement(
  {
    statementId,
    userId = null,
    reason,
    expectedSequence,
    attachmentLimit = ATTACHMENT_LIMIT_BYTES,
  }: {
    statementId: number;
    userId?: number | null;
    reason: DeliveryTrigger;
    /** The sequence the organizer saw offered; a second click of the same button is then harmless. */
    expectedSequence?: number;
    attachmentLimit?: number;
  },
  db: Executor = getDb(),
): Promise<DeliveryResult> {
  return changingPublicPages(inTransaction(db, async (trx) => {
    const statement = await trx.selectFrom("statements").selectAll().where("id", "=", statementId).forUpdate().executeTakeFirst();
    if (!statement || !DELIVERABLE.includes(statement.state)) return { status: "not_deliverable" };
    const previous = await trx
      .selectFrom("deliveries")
      .select(["id", "sequence", "signature_count", "manifest", "packet_sha256"])
      .where("statement_id", "=", statementId)
      .orderBy("sequence", "desc")
      .execute();
    const last = previous[0];
    if (expectedSequence !== undefined && last && expectedSequence <= last.sequence) {
      const same = previous.find((d) => d.sequence === expectedSequence) ?? last;
      return { status: "repeated", deliveryId: same.id, sequence: same.sequence, count: same.signature_count };
    }
    const previousIds = previous.map((d) => d.id);
    // Signatures verified but in no earlier delivery: the rule for supplements
    // that does not depend on clocks (a verification whose transaction began
    // before the last freeze but committed after it is still carried).
    const undelivered = trx
      .selectFrom("signatures as s")
      .where("s.statement_id", "=", statementId)
      .where("s.state", "=", "verified")
      .$if(previousIds.length > 0, (qb) =>
        qb.where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom("delivery_signatures as ds")
                .select(sql`1`.as("one"))
                .whereRef("ds.signature_id", "=", "s.id")
                .where("ds.delivery_id", "in", previousIds),
            ),
          ),
        ),
      );
    const any = await undelivered.select("s.id").limit(1).executeTakeFirst();
    if (!any) return { status: "nothing_new" };

    const officials = await trx
      .selectFrom("statement_officials as so")
      .innerJoin("officials as o", "o.id", "so.official_id")
      .leftJoin("wards as w", "w.id", "o.ward_id")
      .select(["o.id", "o.name", "o.office", "o.email", "o.ward_id"])
      .where("so.statement_id", "=", statementId)
      // Someone who has left office no longer receives the city's mail.
      .where("o.retired_at", "is", null)
      // In the one order officials are listed in: their rows (and so the delivery record) follow it.
      .$call(inOfficialOrder({ office: "o.office", wardPosition: "w.position", name: "o.name" }))
      .execute();
    if (officials.length === 0) return { status: "no_officials" };

    const sequence = (last?.sequence ?? 0) + 1;
    const delivery = await trx
      .insertInto("deliveries")
      .values({ statement_id: statementId, sequence, reason, delivered_by: userId, signature_count: 0 })
      .returning(["id", "delivered_at"])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("delivery_signatures")
      .columns(["delivery_id", "signature_id"])
      .expression(undelivered.select([sql<number>`${delivery.id}::int`.as("delivery_id"), "s.id"]))
      .execute();

    const byGroup = await trx
      .selectFrom("delivery_signatures as ds")
      .innerJoin("signatures as s", "s.id", "ds.signature_id")
      .select(["s.ward_id", "s.outside_jurisdiction", sql<number>`count(*)::int`.as("n")])
      .where("ds.delivery_id", "=", delivery.id)
      .groupBy(["s.ward_id", "s.outside_jurisdiction"])
      .execute();
    const wards = await trx
      .selectFrom("wards")
      .select(["id", "name"])
      .where("jurisdiction_id", "=", statement.jurisdiction_id)
      .orderBy("position")
      .orderBy("id")
      .execute();
    const wardCounts = wards.map((w) => ({
      wardId: w.id,
      ward: w.name,
      count: byGroup.filter((g) => !g.outside_jurisdiction && g.ward_id === w.id).reduce((n, g) => n + g.n, 0),
    }));
    const count = byGroup.reduce((n, g) => n + g.n, 0);
    const outside = byGroup.filter((g) => g.outside_jurisdiction).reduce((n, g) => n + g.n, 0);
    const noWard = count - outside - wardCounts.reduce((n, w) => n + w.count, 0);

    const jurisdiction = await trx
      .selectFrom("jurisdictions")
      .select("name")
      .where("id", "=", statement.jurisdiction_id)
      .executeTakeFirstOrThrow();
    const source: PacketSource = {
      deliveryId: delivery.id,
      sequence,
      deliveredAt: new Date(delivery.delivered_at),
      statement: {
        ...contentOf(statement),
        slug: statement.slug,
        versionHash: statement.version_hash!,
        canonicalText: statement.canonical_text!,
        jurisdiction: jurisdiction.name,
      },
      count,
      wards: wardCounts.map((w) => ({
        ward: w.ward,
        count: w.count,
        councilors: officials.filter((o) => o.office === "ward_councilor" && o.ward_id === w.wardId).map((o) => o.name),
      })),
      outside,
      noWard,
      chainSeed: last?.manifest?.signatures.chain.head ?? statement.version_hash!,
      previousPacketSha256: last?.packet_sha256 ?? null,
    };
    const packet = await writePacket(source, trx);
    await trx
      .updateTable("deliveries")
      .set({ signature_count: count, manifest: packet.manifest, packet_sha256: packet.manifest.packetSha256 })
      .where("id", "=", delivery.id)
      .execute();

    const tokens = officials.map(() => newToken());
    const rows = await trx
      .insertInto("official_deliveries")
      .values(
        officials.map((o, i) => ({
          delivery_id: delivery.id,
          official_id: o.id,
          official_name: o.name,
          office: o.office,
          email: o.email,
          ward_id: o.office === "ward_councilor" ? o.ward_id : null,
          ward_count: o.office === "ward_councilor" ? (wardCounts.find((w) => w.wardId === o.ward_id)?.count ?? 0) : null,
          token_hash: tokens[i].hash,
        })),
      )
      .returning("id")
      .execute();
    await queueOfficialEmails({ attachmentLimit, items: rows.map((r, i) => ({ id: r.id, token: tokens[i].token })) }, trx);
    await queueReceipts({ deliveryId: delivery.id, title: statement.title, titleEs: statement.title_es }, trx);

    const keepOpen = statement.keep_collecting && statement.state === "open";
    if (!keepOpen) {
      await trx
        .updateTable("statements")
        .set({ state: "delivered", closed_at: sql`coalesce(closed_at, now())`, updated_at: sql`now()` })
        .where("id", "=", statementId)
        .execute();
    }
    return { status: "delivered", deliveryId: delivery.id, sequence, count };
  }));
}

/** Builds each official's email from what is stored and puts it in the outbox. */
async function queueOfficialEmails(
  { items, attachmentLimit = ATTACHMENT_LIMIT_BYTES, locale = "en" }: { items: { id: number; token: string }[]; attachmentLimit?: number; locale?: Locale },
  trx: Executor,
) {
  const rows = await officialCopies(trx)
    .select([
      "od.id",
      "od.official_name",
      "od.email",
      "od.ward_count",
      "w.name as ward",
      "d.id as delivery_id",
      "d.sequence",
      "d.signature_count",
      "d.packet_sha256",
      "s.title",
      "s.version_hash",
      "j.name as jurisdiction",
    ])
    .where(
      "od.id",
      "in",
      items.map((i) => i.id),
    )
    .orderBy("od.id")
    .execute();
  const files = await trx
    .selectFrom("packet_files")
    .select(["id", "delivery_id", "kind", "filename", "content_type", "bytes"])
    .where("delivery_id", "in", [...new Set(rows.map((r) => r.delivery_id))])
    .orderBy("kind", "desc")
    .execute();
  const emails: OutgoingEmail[] = rows.map((r) => {
    const token = items.find((i) => i.id === r.id)!.token;
    const packet = files.filter((f) => f.delivery_id === r.delivery_id);
    const fits = packet.reduce((n, f) => n + Number(f.bytes), 0) <= attachmentLimit;
    return officialDeliveryEmail(
      {
        to: r.email,
        officialName: r.official_name,
        title: r.title,
        jurisdiction: r.jurisdiction,
        sequence: r.sequence,
        count: r.signature_count,
        ward: r.ward && r.ward_count !== null ? { name: r.ward, count: r.ward_count } : null,
        pageUrl: `${appUrl()}/officials/${token}`,
        packetSha256: r.packet_sha256 ?? "",
        versionHash: r.version_hash ?? "",
        attachments: fits
          ? packet.map((f) => ({ filename: f.filename, contentType: f.content_type, ref: { kind: PACKET_FILE_REF, id: String(f.id) } }))
          : null,
      },
      locale,
    );
  });
  const outboxIds = await enqueueEmails(emails, trx);
  for (let i = 0; i < rows.length; i++) {
    await trx.updateTable("official_deliveries").set({ outbox_id: outboxIds[i] }).where("id", "=", rows[i].id).execute();
  }
}

/**
 * Sends a failed official's packet again under a new link: the old token,
 * which sat in the undeliverable email, stops working.
 */
export async function retryOfficialDelivery(
  { statementId, officialDeliveryId }: { statementId: number; officialDeliveryId: number },
  db: Executor = getDb(),
): Promise<{ status: "retried" } | { status: "not_failed" }> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom("official_deliveries as od")
      .innerJoin("deliveries as d", "d.id", "od.delivery_id")
      .select(["od.id"])
      .where("od.id", "=", officialDeliveryId)
      .where("d.statement_id", "=", statementId)
      .where("od.state", "=", "failed")
      .forUpdate()
      .executeTakeFirst();
    // No such official on this statement, or not failed (already retried, sent meanwhile).
    if (!row) return { status: "not_failed" };
    const { token, hash } = newToken();
    await trx
      .updateTable("official_deliveries")
      .set({ state: "queued", token_hash: hash, attempts: 0, last_error: null, failure_reason: null })
      .where("id", "=", row.id)
      .execute();
    await queueOfficialEmails({ items: [{ id: row.id, token }] }, trx);
    return { status: "retried" };
  });
}

/**
 * Delivers every open statement whose chosen moment has come: its deadline
 * passed, or its goal reached. Each statement is claimed with SKIP LOCKED in
 * its own transaction and delivered only if it has never been delivered, so
 * any number of processes may run this at once.
 */
export async function deliverDueStatements(db: Executor = getDb()): Promise<number[]> {
  const delivered: number[] = [];
  const seen: number[] = [];
  for (;;) {
    const outcome = await inTransaction(db, async (trx) => {
      const due = await trx
        .selectFrom("statements as s")
        .select(["s.id", "s.delivery_trigger"])
        .where("s.state", "=", "open")
        .where((eb) =>
          eb.or([
            eb.and([eb("s.delivery_trigger", "=", "deadline"), eb("s.deadline", "<=", sql<Date>`now()`)]),
            eb.and([
              eb("s.delivery_trigger", "=", "goal"),
              eb(verifiedSumOf("s.id"), ">=", eb.ref("s.goal")),
            ]),
          ]),
        )
        .where((eb) => eb.not(eb.exists(eb.selectFrom("deliveries as d").select("d.id").whereRef("d.statement_id", "=", "s.id"))))
        .$if(seen.length > 0, (qb) => qb.where("s.id", "not in", seen))
        .orderBy("s.id")
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!due) return null;
      seen.push(due.id);
      const result = await deliverStatement({ statementId: due.id, reason: due.delivery_trigger }, trx);
      // A deadline that passes with nothing to deliver closes the statement.
      if (due.delivery_trigger === "deadline" && result.status === "nothing_new") {
        await trx
          .updateTable("statements")
          .set({ state: "closed", closed_at: sql`now()`, updated_at: sql`now()` })
          .where("id", "=", due.id)
          .execute();
      }
      return { id: due.id, delivered: result.status === "delivered" };
    });
    if (!outcome) return delivered;
    if (outcome.delivered) delivered.push(outcome.id);
  }
}
