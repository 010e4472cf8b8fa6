// A signer's own signatures, by emailed link (/my-signatures): asking for the
// link, reading every signature an address made, and changing the display
// choice, withdrawing, erasing and exporting them. Every action takes the
// link's token and works only on that address's signatures.
import { sql } from "kysely";
import type { Executor } from "../../db/types";
import type { DisplayChoice, SignatureState, StatementState } from "../../db/states";
import { getDb, inTransaction } from "~/db.server";
import { officialDisplayName } from "~/delivery/packet-csv";
import { appUrl } from "~/env.server";
import type { Locale } from "~/i18n/core";
import { inboxKey } from "~/mail/email-address";
import { mySignaturesLinkEmail } from "~/mail/my-signatures-emails.server";
import { outboxInsertSql } from "~/mail/outbox.server";
import { forgetPublicReads } from "~/statements/public-reads.server";
import { hashToken, newToken } from "~/utils/crypto.server";
import { displayLock, MY_SIGNATURES_LINK_TTL_MINUTES, type OwnSignatureFacts } from "./my-signatures";
import { hitRateLimit } from "./rate-limit.server";
import { publicName } from "./signatures";
import { withdrawableSignatures, withdrawLocked } from "./verify.server";

/** As for sign-in links: a few a quarter hour per address, more per client (a shared connection). */
export const MY_SIGNATURES_LIMITS = {
  perEmail: { limit: 5, windowSeconds: 15 * 60 },
  perIp: { limit: 30, windowSeconds: 15 * 60 },
};

// THE one place this module matches an address to signatures: by inbox, as
// signing does (lower case, `+tag` removed, gmail dots removed: inboxKey in
// app/mail/email-address.ts), so every signature one inbox made is listed.
const ADDRESS_COLUMN = "email_key" as const;
const addressKey = (email: string) => inboxKey(email);

// ── The link ────────────────────────────────────────────────────────────────

/**
 * Emails a link to the address's signatures, only if it has any, and says
 * nothing either way. Both answers cost the same: the rate limits, then one
 * statement that looks the address up and, in the same statement, stores the
 * link and queues its email when it has signatures (two small inserts more,
 * inside the same round trip), and clears expired links whatever the address.
 */
export async function requestMySignaturesLink(
  { email, clientIp, locale }: { email: string; clientIp: string; locale: Locale },
  db: Executor = getDb(),
): Promise<{ sent: boolean }> {
  return inTransaction(db, async (trx) => {
    const byEmail = await hitRateLimit({ key: `mine:email:${addressKey(email)}`, ...MY_SIGNATURES_LIMITS.perEmail }, trx);
    const byIp = await hitRateLimit({ key: `mine:ip:${clientIp}`, ...MY_SIGNATURES_LIMITS.perIp }, trx);
    if (!byEmail.allowed || !byIp.allowed) return { sent: false };
    const { token, hash } = newToken();
    const mail = mySignaturesLinkEmail({ to: email, token, appUrl: appUrl(), locale });
    const { rows } = await sql<{ sent: number }>`
      with known as (
        select 1 from signatures where ${sql.ref(ADDRESS_COLUMN)} = ${addressKey(email)} limit 1
      ), expired as (
        delete from signer_links where expires_at < now()
      ), link as (
        insert into signer_links (email, token_hash, expires_at)
        select ${email}, ${hash}, now() + make_interval(mins => ${MY_SIGNATURES_LINK_TTL_MINUTES}) from known
        returning id
      ), mail as (
        ${outboxInsertSql(mail, sql`link`)}
      )
      select count(*)::int as sent from link`.execute(trx);
    return { sent: rows[0].sent === 1 };
  });
}

export type LinkProblem = "invalid" | "expired";

/** The address a link opens, or why it opens nothing. */
async function openLink(token: string, db: Executor): Promise<{ email: string; expiresAt: Date } | { problem: LinkProblem }> {
  const row = await db
    .selectFrom("signer_links")
    .select(["email", "expires_at", sql<boolean>`expires_at < now()`.as("expired")])
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return { problem: "invalid" };
  if (row.expired) return { problem: "expired" };
  return { email: row.email, expiresAt: new Date(row.expires_at) };
}

// ── Reading ─────────────────────────────────────────────────────────────────

/**
 * When the first packet carrying the signature (the table or alias `from`)
 * was delivered, or null: one probe of delivery_signatures' key per delivery
 * of its statement.
 */
const firstDelivery = (from: "s" | "signatures") => sql<Date | null>`(
  select min(d.delivered_at) from deliveries d join delivery_signatures ds on ds.delivery_id = d.id
  where d.statement_id = ${sql.ref(`${from}.statement_id`)} and ds.signature_id = ${sql.ref(`${from}.id`)})`;

function ownSignatures(email: string, db: Executor) {
  return db
    .selectFrom("signatures as s")
    .innerJoin("statements as st", "st.id", "s.statement_id")
    .leftJoin("wards as w", "w.id", "s.ward_id")
    .select([
      "s.id",
      "s.state",
      "s.name",
      "s.display",
      "s.outside_jurisdiction",
      "s.updates",
      "s.unsubscribed_at",
      "s.locale",
      "s.client_ip",
      "s.created_at",
      "s.verified_at",
      "s.withdrawn_at",
      "w.name as ward",
      "st.slug",
      "st.title",
      "st.title_es",
      "st.state as statement_state",
      firstDelivery("s").as("delivered_at"),
    ])
    .where(`s.${ADDRESS_COLUMN}`, "=", addressKey(email))
    .orderBy("s.created_at", "desc")
    .orderBy("s.id", "desc");
}

/** One of the address's signatures as its page shows it. */
export interface OwnSignature extends OwnSignatureFacts {
  id: string;
  state: SignatureState;
  name: string;
  display: DisplayChoice;
  /** What the public page shows, or null. */
  shownAs: string | null;
  ward: string | null;
  outsideJurisdiction: boolean;
  signedAt: string;
  verifiedAt: string | null;
  withdrawnAt: string | null;
  deliveredAt: string | null;
  statementState: StatementState;
  statement: { slug: string; title: string; titleEs: string };
}

export type MySignaturesView = { status: "ok"; email: string; expiresAt: string; signatures: OwnSignature[] } | { status: LinkProblem };

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

type OwnSignatureRow = Awaited<ReturnType<ReturnType<typeof ownSignatures>["execute"]>>[number];

function ownSignature(r: OwnSignatureRow): OwnSignature {
  return {
    id: r.id,
    state: r.state,
    name: r.name,
    display: r.display,
    shownAs: r.state === "verified" ? publicName(r.name, r.display) : null,
    ward: r.outside_jurisdiction ? null : r.ward,
    outsideJurisdiction: r.outside_jurisdiction,
    signedAt: iso(r.created_at)!,
    verifiedAt: iso(r.verified_at),
    withdrawnAt: iso(r.withdrawn_at),
    deliveredAt: iso(r.delivered_at),
    statementState: r.statement_state,
    statement: { slug: r.slug, title: r.title, titleEs: r.title_es },
  };
}

/** Every signature the link's address made, newest first. */
export async function listMySignatures({ token }: { token: string }, db: Executor = getDb()): Promise<MySignaturesView> {
  const link = await openLink(token, db);
  if ("problem" in link) return { status: link.problem };
  const rows = await ownSignatures(link.email, db).execute();
  return { status: "ok", email: link.email, expiresAt: link.expiresAt.toISOString(), signatures: rows.map(ownSignature) };
}

/**
 * Everything stored about the link's address, as the signer downloads it:
 * each signature as the page lists it (choices, dates, ward, the statement),
 * plus its update choice, language and the client address it was made
 * from. Nobody else's data.
 */
export async function exportMySignatures({ token }: { token: string }, db: Executor = getDb()) {
  const link = await openLink(token, db);
  if ("problem" in link) return { status: link.problem } as const;
  const rows = await ownSignatures(link.email, db).execute();
  const base = appUrl();
  return {
    status: "ok",
    data: {
      address: link.email,
      exportedAt: new Date().toISOString(),
      signatures: rows.map((r) => {
        const listed = ownSignature(r);
        return {
          ...listed,
          statement: { ...listed.statement, url: `${base}/statements/${r.slug}` },
          wantsUpdates: r.updates && r.unsubscribed_at === null,
          unsubscribedAt: iso(r.unsubscribed_at),
          language: r.locale,
          clientAddress: r.client_ip,
        };
      }),
    },
  } as const;
}

// ── Acting ──────────────────────────────────────────────────────────────────

export type ActionResult = { status: "ok"; slug: string } | { status: LinkProblem | "not_found" | "delivered" | "withdrawn" | "not_verified" };

/**
 * Runs `act` on one of the link's address's signatures, in a transaction that
 * holds its statement (so a delivery cannot freeze it in between) and the
 * signature. A signature of another address is "not_found", like one that
 * does not exist.
 */
async function onOwnSignature(
  { token, signatureId }: { token: string; signatureId: string },
  act: (row: OwnRow, trx: Executor) => Promise<ActionResult>,
  db: Executor,
): Promise<ActionResult> {
  const result = await inTransaction(db, async (trx): Promise<ActionResult> => {
    const link = await openLink(token, trx);
    if ("problem" in link) return { status: link.problem };
    const found = await trx
      .selectFrom("signatures")
      .select("statement_id")
      .where("id", "=", signatureId)
      .where(ADDRESS_COLUMN, "=", addressKey(link.email))
      .executeTakeFirst();
    if (!found) return { status: "not_found" };
    await trx.selectFrom("statements").select("id").where("id", "=", found.statement_id).forShare().execute();
    const row = await withdrawableSignatures(trx)
      .select(["signatures.name", "signatures.display", "statements.state as statement_state", firstDelivery("signatures").as("delivered_at")])
      .where("signatures.id", "=", signatureId)
      .where(`signatures.${ADDRESS_COLUMN}`, "=", addressKey(link.email))
      .forUpdate("signatures")
      .executeTakeFirst();
    if (!row) return { status: "not_found" };
    return act(row, trx);
  });
  if (result.status === "ok") forgetPublicReads(result.slug);
  return result;
}

type OwnRow = NonNullable<Awaited<ReturnType<ReturnType<typeof withdrawableSignatures>["executeTakeFirst"]>>> & {
  name: string;
  display: DisplayChoice;
  statement_state: StatementState;
  delivered_at: Date | null;
};

const facts = (row: OwnRow) => ({ state: row.state, statementState: row.statement_state, deliveredAt: row.delivered_at });

/** Changes how the name appears, until a delivery has settled it. */
export async function changeMyDisplay(
  { token, signatureId, display }: { token: string; signatureId: string; display: DisplayChoice },
  db: Executor = getDb(),
): Promise<ActionResult> {
  return onOwnSignature(
    { token, signatureId },
    async (row, trx) => {
      const lock = displayLock(facts(row));
      if (lock) return { status: lock };
      await trx.updateTable("signatures").set({ display }).where("id", "=", row.id).execute();
      return { status: "ok", slug: row.slug };
    },
    db,
  );
}

/** Withdraws a counted signature, by the one withdraw rule (verify.server.ts). */
export async function withdrawMySignature({ token, signatureId }: { token: string; signatureId: string }, db: Executor = getDb()): Promise<ActionResult> {
  return onOwnSignature(
    { token, signatureId },
    async (row, trx) => {
      const done = await withdrawLocked(row, trx);
      if (done.status === "ok") return { status: "ok", slug: row.slug };
      return { status: done.status === "used" ? "withdrawn" : "not_verified" };
    },
    db,
  );
}

/**
 * Erases a signature's personal data, at once.
 *
 * - In no delivered packet (pending, flagged, verified or withdrawn): the row
 *   is deleted, with the update-unsubscribe links that named it. A counted
 *   one is withdrawn first (the withdraw rule), so the count drops by one.
 * - In a delivered packet: officials already hold it, and the statement's
 *   counts, ward tallies and packet hashes depend on the row. It keeps only
 *   what the packet's CSV and PDF already hold (packet-rows.server.ts reads
 *   name, display, ward, outside_jurisdiction and verified_at for them): the
 *   name exactly as the packet shows it (officialDisplayName: "Priya W." for
 *   initials), its ward, whether it is outside the jurisdiction, when it was
 *   verified, and its state (a withdrawal still stops it counting). Its
 *   address becomes `erased-<id>@invalid`; its client address, language,
 *   update choice, tokens, flag reason and dates other than verification
 *   go; and it is no longer shown publicly (display `private`), since being
 *   named on the site is not something the packet holds.
 */
export async function eraseMySignature({ token, signatureId }: { token: string; signatureId: string }, db: Executor = getDb()): Promise<ActionResult> {
  return onOwnSignature(
    { token, signatureId },
    async (row, trx) => {
      await trx.deleteFrom("statement_update_recipients").where("signature_id", "=", row.id).execute();
      if (row.delivered_at === null) {
        if (row.state === "verified") await withdrawLocked(row, trx);
        await trx.deleteFrom("signatures").where("id", "=", row.id).execute();
        return { status: "ok", slug: row.slug };
      }
      await trx.deleteFrom("signature_submissions").where("signature_id", "=", row.id).execute();
      await trx
        .updateTable("signatures")
        .set({
          name: officialDisplayName(row.name, row.display),
          display: "private",
          email: sql<string>`'erased-' || id || '@invalid'`,
          email_key: sql<string>`'erased-' || id || '@invalid'`,
          locale: "en",
          updates: false,
          unsubscribed_at: null,
          client_ip: null,
          suspicious_reason: null,
          verify_token_hash: null,
          verify_expires_at: null,
          withdraw_token_hash: null,
          verification_sends: 0,
          created_at: sql<Date>`coalesce(verified_at, created_at)`,
          last_sent_at: sql<Date>`coalesce(verified_at, created_at)`,
          withdrawn_at: null,
          erased_at: sql<Date>`now()`,
        })
        .where("id", "=", row.id)
        .execute();
      return { status: "ok", slug: row.slug };
    },
    db,
  );
}
