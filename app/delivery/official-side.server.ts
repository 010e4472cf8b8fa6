// The official's side of a delivery: their private page (reached by the
// token in their email), acknowledging, responding, and the packet's files.
// A token that is not a current one is DomainError "not_found" throughout.
import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb, inTransaction } from "~/db.server";
import { appUrl } from "~/env.server";
import { LOCALES, type Locale } from "~/i18n/core";
import { officialResponseToOrganizerEmail, officialResponseToSignersEmail } from "~/mail/delivery-emails.server";
import { enqueueEmails, outboxInsertSql } from "~/mail/outbox.server";
import { changingPublicPages } from "~/statements/public-reads.server";
import { localized, translationOf } from "~/statements/text";
import { hashToken } from "~/utils/crypto.server";
import { notFound } from "~/utils/domain-error";
import { officialCopies, officialCopyColumns } from "./official-rows.server";
import { streamPacketFile } from "./packet-files.server";

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const NO_SUCH_LINK = "No such official's link";

/** Everything an official's page shows. */
export async function findOfficialDelivery({ token }: { token: string }, db: Executor = getDb()) {
  if (!TOKEN_SHAPE.test(token)) throw notFound(NO_SUCH_LINK);
  const row = await officialCopies(db)
    .select([
      ...officialCopyColumns,
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
  if (!row) throw notFound(NO_SUCH_LINK);
  const files = await db
    .selectFrom("packet_files")
    .select(["id", "kind", "filename", "content_type", "bytes"])
    .where("delivery_id", "=", row.delivery_id)
    // Retention deleted their content (the names); the manifest's hashes remain.
    .where("purged_at", "is", null)
    .execute();
  return { ...row, translation: translationOf(row), manifest: row.manifest!, files };
}

/** Records that the official received the packet (once; again is harmless). */
export async function acknowledgeDelivery(
  { token }: { token: string },
  db: Executor = getDb(),
): Promise<{ status: "acknowledged" | "already_acknowledged" }> {
  if (!TOKEN_SHAPE.test(token)) throw notFound(NO_SUCH_LINK);
  const hash = hashToken(token);
  const updated = await changingPublicPages(db
    .updateTable("official_deliveries")
    .set({ state: "acknowledged", acknowledged_at: sql`now()` })
    .where("token_hash", "=", hash)
    .where("state", "in", ["queued", "sent", "failed"])
    .returning("id")
    .executeTakeFirst());
  if (updated) return { status: "acknowledged" };
  const exists = await db.selectFrom("official_deliveries").select("id").where("token_hash", "=", hash).executeTakeFirst();
  if (!exists) throw notFound(NO_SUCH_LINK);
  return { status: "already_acknowledged" };
}

/**
 * Publishes the official's response (once), and in the same transaction
 * emails it to every verified signer who asked for updates and to the
 * organizers.
 */
export async function respondToDelivery(
  { token, response, locale = "en" }: { token: string; response: string; locale?: Locale },
  db: Executor = getDb(),
): Promise<{ status: "responded" | "already_responded" }> {
  if (!TOKEN_SHAPE.test(token)) throw notFound(NO_SUCH_LINK);
  return changingPublicPages(inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom("official_deliveries as od")
      .innerJoin("deliveries as d", "d.id", "od.delivery_id")
      .innerJoin("statements as s", "s.id", "d.statement_id")
      .select(["od.id", "od.state", "od.official_name", "od.office", "s.id as statement_id", "s.slug", "s.title", "s.title_es"])
      .where("od.token_hash", "=", hashToken(token))
      .forUpdate("od")
      .executeTakeFirst();
    if (!row) throw notFound(NO_SUCH_LINK);
    if (row.state === "responded") return { status: "already_responded" } as const;
    await trx
      .updateTable("official_deliveries")
      .set({ state: "responded", response, responded_at: sql`now()`, acknowledged_at: sql`coalesce(acknowledged_at, now())` })
      .where("id", "=", row.id)
      .execute();

    const statementUrl = `${appUrl()}/statements/${row.slug}`;
    // Each signer hears in the language they signed in. Straight from the
    // signers table: one statement may have a great many opted-in signers,
    // and their addresses were checked when they signed.
    for (const signerLocale of LOCALES) {
      const email = officialResponseToSignersEmail(
        { officialName: row.official_name, office: row.office, title: localized(signerLocale, row.title, row.title_es), response, statementUrl },
        signerLocale,
      );
      await outboxInsertSql(
        email,
        sql`signatures where statement_id = ${row.statement_id} and state = 'verified' and updates and unsubscribed_at is null and locale = ${signerLocale}`,
      ).execute(trx);
    }

    const organizers = await trx
      .selectFrom("statement_organizers as so")
      .innerJoin("users as u", "u.id", "so.user_id")
      .select("u.email")
      .where("so.statement_id", "=", row.statement_id)
      .execute();
    const boardUrl = `${appUrl()}/organize/statements/${row.statement_id}/delivery`;
    await enqueueEmails(
      organizers.map((o) =>
        officialResponseToOrganizerEmail({ to: o.email, officialName: row.official_name, office: row.office, title: row.title, response, boardUrl }, locale),
      ),
      trx,
    );
    return { status: "responded" } as const;
  }));
}

const DOWNLOADS = {
  "packet.pdf": "pdf",
  "signatures.csv": "csv",
  "manifest.json": "manifest",
} as const;

/** A file of the official's packet, by its name under their page; not_found for any other name or a purged file. */
export async function findPacketDownload({ token, file }: { token: string; file: string }, db: Executor = getDb()) {
  const kind = DOWNLOADS[file as keyof typeof DOWNLOADS];
  if (!kind) throw notFound("No such file");
  const view = await findOfficialDelivery({ token }, db);
  const base = `${view.slug}-${view.sequence}`;
  if (kind === "manifest") {
    const body = `${JSON.stringify(view.manifest, null, 2)}\n`;
    return { filename: `${base}-manifest.json`, contentType: "application/json; charset=utf-8", bytes: Buffer.byteLength(body), body };
  }
  const stored = view.files.find((f) => f.kind === kind);
  // Retention purged it: the manifest, which names no signer, stays.
  if (!stored) throw notFound("No such file");
  return { filename: stored.filename, contentType: stored.content_type, bytes: Number(stored.bytes), body: streamPacketFile(stored.id, db) };
}
