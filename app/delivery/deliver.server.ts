import { sql } from "kysely";
import type { Executor, OutboxRow } from "../../db/types";
import { getDb, getReadDb, inTransaction } from "~/db.server";
import { appUrl } from "~/env.server";
import { LOCALES, translator, type Locale } from "~/i18n/core";
import { hashToken, newToken } from "~/utils/crypto.server";
import { ATTACHMENT_LIMIT_BYTES, packetHashes, type PacketHashes } from "./packet-format";
import { outgoingEmailSchema, type OutgoingEmail } from "~/mail/outbox";
import { enqueueEmails } from "~/mail/outbox.server";
import { changingPublicPages, publicRead } from "~/statements/public-reads.server";
import { readPacketFile, streamPacketFile, writePacket, type PacketSource } from "./packet.server";
import { contentOf } from "~/statements/text";
import { localized, translationOf } from "~/statements/text";
import type { DeliveryTrigger, Office, StatementState } from "../../db/states";
import { verifiedSumOf } from "~/signing/verified-count.server";

export const OFFICIAL_DELIVERY_EMAIL = "official_delivery";
export const PACKET_FILE_REF = "packet_file";
const DELIVERABLE: StatementState[] = ["open", "closed", "delivered"];
const OFFICE_ORDER: Record<Office, number> = { mayor: 0, at_large_councilor: 1, ward_councilor: 2, other: 3 };

export type DeliveryRefusal = "not_deliverable" | "nothing_new" | "no_officials";
export class DeliveryRefused extends Error {
  constructor(public reason: DeliveryRefusal) {
    super(`delivery refused: ${reason}`);
  }
}

export interface DeliveryResult {
  deliveryId: number;
  sequence: number;
  count: number;
  /** True when `expectedSequence` had already been delivered (a repeated click): nothing new was done. */
  repeated: boolean;
}

/**
 * Delivers a statement: freezes the verified signatures not yet delivered
 * (all of them the first time, the new ones for a supplement), writes the
 * packet (CSV, manifest, PDF), gives each official a private link and puts
 * one email each in the outbox, and closes the statement unless it keeps
 * collecting. All of it in one transaction: it happens entirely or not at all.
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
    if (!statement || !DELIVERABLE.includes(statement.state)) throw new DeliveryRefused("not_deliverable");
    const previous = await trx
      .selectFrom("deliveries")
      .select(["id", "sequence", "signature_count", "manifest", "packet_sha256"])
      .where("statement_id", "=", statementId)
      .orderBy("sequence", "desc")
      .execute();
    const last = previous[0];
    if (expectedSequence !== undefined && last && expectedSequence <= last.sequence) {
      const same = previous.find((d) => d.sequence === expectedSequence) ?? last;
      return { deliveryId: same.id, sequence: same.sequence, count: same.signature_count, repeated: true };
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
    if (!any) throw new DeliveryRefused("nothing_new");

    const officials = await trx
      .selectFrom("statement_officials as so")
      .innerJoin("officials as o", "o.id", "so.official_id")
      .leftJoin("wards as w", "w.id", "o.ward_id")
      .select(["o.id", "o.name", "o.office", "o.email", "o.ward_id", "w.position as ward_position"])
      .where("so.statement_id", "=", statementId)
      // Someone who has left office no longer receives the city's mail.
      .where("o.retired_at", "is", null)
      .execute();
    if (officials.length === 0) throw new DeliveryRefused("no_officials");
    officials.sort(
      (a, b) => OFFICE_ORDER[a.office] - OFFICE_ORDER[b.office] || (a.ward_position ?? 0) - (b.ward_position ?? 0) || a.name.localeCompare(b.name),
    );

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

    const keepOpen = statement.keep_collecting && statement.state === "open";
    if (!keepOpen) {
      await trx
        .updateTable("statements")
        .set({ state: "delivered", closed_at: sql`coalesce(closed_at, now())`, updated_at: sql`now()` })
        .where("id", "=", statementId)
        .execute();
    }
    return { deliveryId: delivery.id, sequence, count, repeated: false };
  }));
}

/** Builds each official's email from what is stored and puts it in the outbox. */
async function queueOfficialEmails(
  { items, attachmentLimit = ATTACHMENT_LIMIT_BYTES, locale = "en" }: { items: { id: number; token: string }[]; attachmentLimit?: number; locale?: Locale },
  trx: Executor,
) {
  const t = translator(locale);
  const rows = await trx
    .selectFrom("official_deliveries as od")
    .innerJoin("deliveries as d", "d.id", "od.delivery_id")
    .innerJoin("statements as s", "s.id", "d.statement_id")
    .innerJoin("jurisdictions as j", "j.id", "s.jurisdiction_id")
    .leftJoin("wards as w", "w.id", "od.ward_id")
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
    const withAttachments = packet.reduce((n, f) => n + Number(f.bytes), 0) <= attachmentLimit;
    const vars = { title: r.title, jurisdiction: r.jurisdiction, count: r.signature_count, sequence: r.sequence };
    const text = [
      t("officialEmail.greeting", { name: r.official_name }),
      "",
      t(r.sequence > 1 ? "officialEmail.bodySupplement" : "officialEmail.body", vars),
      ...(r.ward && r.ward_count !== null ? [t("officialEmail.ward", { count: r.ward_count, ward: r.ward })] : []),
      "",
      t(withAttachments ? "officialEmail.attached" : "officialEmail.notAttached"),
      "",
      t("officialEmail.page"),
      `${appUrl()}/officials/${token}`,
      t("officialEmail.private"),
      "",
      t("officialEmail.hashes", { packet: r.packet_sha256 ?? "", version: r.version_hash ?? "" }),
      "",
      "—",
      t("officialEmail.footer"),
    ].join("\n");
    return {
      kind: OFFICIAL_DELIVERY_EMAIL,
      to: r.email,
      subject: t(r.sequence > 1 ? "officialEmail.subjectSupplement" : "officialEmail.subject", vars),
      text,
      attachments: withAttachments
        ? packet.map((f) => ({ filename: f.filename, contentType: f.content_type, ref: { kind: PACKET_FILE_REF, id: String(f.id) } }))
        : [],
    };
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
): Promise<boolean> {
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
    if (!row) return false;
    const { token, hash } = newToken();
    await trx
      .updateTable("official_deliveries")
      .set({ state: "queued", token_hash: hash, attempts: 0, last_error: null, failure_reason: null })
      .where("id", "=", row.id)
      .execute();
    await queueOfficialEmails({ items: [{ id: row.id, token }] }, trx);
    return true;
  });
}

// ---------------------------------------------------------------------------
// Outbox hooks: the worker fetches attachments when it sends and reports back.

export async function resolvePacketAttachment(ref: { kind: string; id: string }): Promise<Buffer> {
  if (ref.kind !== PACKET_FILE_REF) throw new Error(`unknown attachment reference ${ref.kind}`);
  return readPacketFile(Number(ref.id));
}

export async function recordOfficialEmailSent(row: OutboxRow, db: Executor = getDb()) {
  await db
    .updateTable("official_deliveries")
    .set({ state: "sent", sent_at: sql`now()`, attempts: row.attempts, last_error: null })
    .where("outbox_id", "=", row.id)
    .where("state", "in", ["queued", "failed"])
    .execute();
}

export async function recordOfficialEmailFailure(row: OutboxRow, outcome: "retry" | "failed", error: string, db: Executor = getDb()) {
  await db
    .updateTable("official_deliveries")
    .set({
      attempts: row.attempts,
      last_error: error.slice(0, 500),
      ...(outcome === "failed" ? { state: "failed" as const, failure_reason: error.slice(0, 500) } : {}),
    })
    .where("outbox_id", "=", row.id)
    .where("state", "=", "queued")
    .execute();
}

// ---------------------------------------------------------------------------
// The official's page

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Everything an official's page shows, or undefined for any token that is not a current one. */
export async function findOfficialDelivery({ token }: { token: string }, db: Executor = getDb()) {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const row = await db
    .selectFrom("official_deliveries as od")
    .innerJoin("deliveries as d", "d.id", "od.delivery_id")
    .innerJoin("statements as s", "s.id", "d.statement_id")
    .innerJoin("jurisdictions as j", "j.id", "s.jurisdiction_id")
    .leftJoin("wards as w", "w.id", "od.ward_id")
    .select([
      "od.id",
      "od.delivery_id",
      "od.official_name",
      "od.office",
      "od.state",
      "od.ward_count",
      "od.acknowledged_at",
      "od.responded_at",
      "od.response",
      "w.name as ward",
      "d.sequence",
      "d.delivered_at",
      "d.signature_count",
      "d.manifest",
      "s.slug",
      "s.title",
      "s.summary",
      "s.preamble",
      "s.call_to_residents",
      "s.ask_of_officials",
      "s.pledge",
      "s.title_es",
      "s.summary_es",
      "s.preamble_es",
      "s.call_to_residents_es",
      "s.ask_of_officials_es",
      "s.pledge_es",
      "s.version_hash",
      "j.name as jurisdiction",
    ])
    .where("od.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return undefined;
  const files = await db
    .selectFrom("packet_files")
    .select(["id", "kind", "filename", "content_type", "bytes"])
    .where("delivery_id", "=", row.delivery_id)
    // Retention deleted their content (the names); the manifest's hashes remain.
    .where("purged_at", "is", null)
    .execute();
  return { ...row, translation: translationOf(row), manifest: row.manifest!, files };
}

/** Records that the official received the packet. Undefined: no such link. */
export async function acknowledgeDelivery({ token }: { token: string }, db: Executor = getDb()) {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const hash = hashToken(token);
  const updated = await changingPublicPages(db
    .updateTable("official_deliveries")
    .set({ state: "acknowledged", acknowledged_at: sql`now()` })
    .where("token_hash", "=", hash)
    .where("state", "in", ["queued", "sent", "failed"])
    .returning("id")
    .executeTakeFirst());
  if (updated) return { acknowledged: true };
  const exists = await db.selectFrom("official_deliveries").select("id").where("token_hash", "=", hash).executeTakeFirst();
  return exists ? { acknowledged: false } : undefined;
}

/**
 * Publishes the official's response (once), and in the same transaction
 * emails it to every verified signer who asked for updates and to the
 * organizers. Undefined: no such link.
 */
export async function respondToDelivery(
  { token, response, locale = "en" }: { token: string; response: string; locale?: Locale },
  db: Executor = getDb(),
): Promise<{ ok: true } | { ok: false; reason: "already" } | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  return changingPublicPages(inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom("official_deliveries as od")
      .innerJoin("deliveries as d", "d.id", "od.delivery_id")
      .innerJoin("statements as s", "s.id", "d.statement_id")
      .select(["od.id", "od.state", "od.official_name", "od.office", "s.id as statement_id", "s.slug", "s.title", "s.title_es"])
      .where("od.token_hash", "=", hashToken(token))
      .forUpdate("od")
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.state === "responded") return { ok: false, reason: "already" } as const;
    await trx
      .updateTable("official_deliveries")
      .set({ state: "responded", response, responded_at: sql`now()`, acknowledged_at: sql`coalesce(acknowledged_at, now())` })
      .where("id", "=", row.id)
      .execute();

    const publicUrl = `${appUrl()}/statements/${row.slug}`;
    const quoted = response
      .split("\n")
      .map((l) => `> ${l}`)
      .join("\n");
    // Each signer hears in the language they signed in.
    for (const signerLocale of LOCALES) {
      const ts = translator(signerLocale);
      const title = localized(signerLocale, row.title, row.title_es);
      const signerEmail = outgoingEmailSchema.parse({
        kind: "official_response",
        to: "signer@example.org",
        subject: ts("responseEmail.subject", { name: row.official_name, title }),
        text: [
          ts("responseEmail.body", { name: row.official_name, office: ts(`office.${row.office}`), title }),
          "",
          quoted,
          "",
          ts("responseEmail.link"),
          publicUrl,
          "",
          "—",
          ts("responseEmail.why"),
        ].join("\n"),
      });
      // Straight from the signers table: one statement may have a great many
      // opted-in signers, and their addresses were checked when they signed.
      await trx
        .insertInto("outbox")
        .columns(["kind", "to_address", "subject", "text_body"])
        .expression((eb) =>
          eb
            .selectFrom("signatures")
            .select([
              sql.lit(signerEmail.kind).as("kind"),
              "email",
              sql<string>`${signerEmail.subject}::text`.as("subject"),
              sql<string>`${signerEmail.text}::text`.as("text_body"),
            ])
            .where("statement_id", "=", row.statement_id)
            .where("state", "=", "verified")
            .where("updates", "=", true)
            .where("unsubscribed_at", "is", null)
            .where("locale", "=", signerLocale),
        )
        .execute();
    }

    const t = translator(locale);
    const office = t(`office.${row.office}`);
    const organizers = await trx
      .selectFrom("statement_organizers as so")
      .innerJoin("users as u", "u.id", "so.user_id")
      .select("u.email")
      .where("so.statement_id", "=", row.statement_id)
      .execute();
    await enqueueEmails(
      organizers.map((o) => ({
        kind: "official_response_organizer",
        to: o.email,
        subject: t("organizerEmail.subject", { name: row.official_name, title: row.title }),
        text: [
          t("organizerEmail.body", { name: row.official_name, office, title: row.title }),
          "",
          quoted,
          "",
          t("organizerEmail.link"),
          `${appUrl()}/organize/statements/${row.statement_id}/delivery`,
        ].join("\n"),
      })),
      trx,
    );
    return { ok: true } as const;
  }));
}

// ---------------------------------------------------------------------------
// The organizer's status board and the public record

export async function getDeliveryBoard({ statementId }: { statementId: number }, db: Executor = getDb()) {
  const deliveries = await db
    .selectFrom("deliveries")
    .select(["id", "sequence", "reason", "delivered_at", "signature_count", "packet_sha256"])
    .where("statement_id", "=", statementId)
    .orderBy("sequence", "desc")
    .execute();
  const officials = deliveries.length
    ? await db
        .selectFrom("official_deliveries")
        .select([
          "id",
          "delivery_id",
          "official_name",
          "office",
          "state",
          "attempts",
          "last_error",
          "failure_reason",
          "sent_at",
          "acknowledged_at",
          "responded_at",
        ])
        .where(
          "delivery_id",
          "in",
          deliveries.map((d) => d.id),
        )
        .orderBy("id")
        .execute()
    : [];
  const verified = await db
    .selectFrom("signatures as s")
    .select([
      sql<number>`count(*)::int`.as("verified"),
      sql<number>`count(*) filter (where not exists (select 1 from delivery_signatures ds where ds.signature_id = s.id))::int`.as("undelivered"),
    ])
    .where("s.statement_id", "=", statementId)
    .where("s.state", "=", "verified")
    .executeTakeFirstOrThrow();
  return {
    ...verified,
    nextSequence: (deliveries[0]?.sequence ?? 0) + 1,
    deliveries: deliveries.map((d) => ({
      ...d,
      delivered_at: new Date(d.delivered_at).toISOString(),
      officials: officials
        .filter((o) => o.delivery_id === d.id)
        .map((o) => ({
          ...o,
          sent_at: o.sent_at ? new Date(o.sent_at).toISOString() : null,
          acknowledged_at: o.acknowledged_at ? new Date(o.acknowledged_at).toISOString() : null,
          responded_at: o.responded_at ? new Date(o.responded_at).toISOString() : null,
        })),
    })),
  };
}

export interface PublicDeliveryRecord {
  deliveries: {
    sequence: number;
    deliveredAt: string;
    reason: DeliveryTrigger;
    signatureCount: number;
    hashes: PacketHashes;
    officials: { name: string; office: Office; acknowledgedAt: string | null; respondedAt: string | null; response: string | null }[];
  }[];
}

/** getPublicDeliveryRecord for the public page, up to a second old. */
export function cachedPublicDeliveryRecord({ slug, statementId }: { slug: string; statementId: number }) {
  return publicRead("delivery", slug, () => getPublicDeliveryRecord(statementId));
}

/**
 * What the public page shows about deliveries: when, to whom, the manifest
 * hashes and each official's public response. No signer appears here.
 */
export async function getPublicDeliveryRecord(statementId: number, db: Executor = getReadDb()): Promise<PublicDeliveryRecord> {
  const deliveries = await db
    .selectFrom("deliveries")
    .select(["id", "sequence", "reason", "delivered_at", "signature_count", "manifest"])
    .where("statement_id", "=", statementId)
    .orderBy("sequence")
    .execute();
  if (deliveries.length === 0) return { deliveries: [] };
  const officials = await db
    .selectFrom("official_deliveries")
    .select(["delivery_id", "official_name", "office", "acknowledged_at", "responded_at", "response"])
    .where(
      "delivery_id",
      "in",
      deliveries.map((d) => d.id),
    )
    .orderBy("id")
    .execute();
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return {
    deliveries: deliveries.map((d) => {
      return {
        sequence: d.sequence,
        deliveredAt: iso(d.delivered_at)!,
        reason: d.reason,
        signatureCount: d.signature_count,
        hashes: packetHashes(d.manifest!),
        officials: officials
          .filter((o) => o.delivery_id === d.id)
          .map((o) => ({
            name: o.official_name,
            office: o.office,
            acknowledgedAt: iso(o.acknowledged_at),
            respondedAt: iso(o.responded_at),
            response: o.response,
          })),
      };
    }),
  };
}

// ---------------------------------------------------------------------------
// Automatic delivery

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
      try {
        await deliverStatement({ statementId: due.id, reason: due.delivery_trigger }, trx);
        return { id: due.id, delivered: true };
      } catch (e) {
        if (!(e instanceof DeliveryRefused)) throw e;
        // A deadline that passes with nothing to deliver closes the statement.
        if (due.delivery_trigger === "deadline" && e.reason === "nothing_new") {
          await trx
            .updateTable("statements")
            .set({ state: "closed", closed_at: sql`now()`, updated_at: sql`now()` })
            .where("id", "=", due.id)
            .execute();
        }
        return { id: due.id, delivered: false };
      }
    });
    if (!outcome) return delivered;
    if (outcome.delivered) delivered.push(outcome.id);
  }
}

const DOWNLOADS = {
  "packet.pdf": "pdf",
  "signatures.csv": "csv",
  "manifest.json": "manifest",
} as const;

/** A file of the official's packet, by its name under their page, or undefined. */
export async function findPacketDownload({ token, file }: { token: string; file: string }, db: Executor = getDb()) {
  const kind = DOWNLOADS[file as keyof typeof DOWNLOADS];
  if (!kind) return undefined;
  const view = await findOfficialDelivery({ token }, db);
  if (!view) return undefined;
  const base = `${view.slug}-${view.sequence}`;
  if (kind === "manifest") {
    const body = `${JSON.stringify(view.manifest, null, 2)}\n`;
    return { filename: `${base}-manifest.json`, contentType: "application/json; charset=utf-8", bytes: Buffer.byteLength(body), body };
  }
  const stored = view.files.find((f) => f.kind === kind);
  if (!stored) return undefined;
  return { filename: stored.filename, contentType: stored.content_type, bytes: Number(stored.bytes), body: streamPacketFile(stored.id, db) };
}
