import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb, inTransaction } from "~/db.server";
import { appUrl } from "~/env.server";
import type { Locale } from "~/i18n/core";
import { newToken } from "~/utils/crypto.server";
import { enqueueEmail, outboxRow } from "~/mail/outbox.server";
import type { OutgoingEmail } from "~/mail/outbox";
import { signatureVerificationEmail } from "~/mail/signing-emails.server";
import { hitRateLimit, rateLimitWindow } from "./rate-limit.server";
import { acceptsSignatures, isPublicState, OUTSIDE_WARD, VERIFY_TOKEN_TTL_DAYS } from "./signatures";
import type { SignatureInput } from "./sign-input.server";
import type { DisplayChoice, StatementState } from "../../db/states";

/**
 * Every signing limit, in one place. Generous on purpose: a household or a
 * library shares one address, and going over a limit only flags the
 * signature (stored, never counted or emailed), it never refuses anyone.
 */
export const SIGNING_LIMITS = {
  perIp: { limit: 60, windowSeconds: 60 * 60 },
  /** New signatures by one address across all statements. */
  perEmail: { limit: 20, windowSeconds: 60 * 60 },
  /** Signing again while pending re-sends the link, at most this often. */
  resend: { minIntervalSeconds: 60, maxSends: 5 },
};
export type SigningLimits = typeof SIGNING_LIMITS;

/** What happened, for tests and logs; the signer is told the same thing in every case. */
export type SignOutcome = "created" | "resent" | "unchanged" | "suspicious" | "reactivated";
export type SignResult =
  | { status: "ok"; outcome: SignOutcome }
  | { status: "invalid"; errors: { ward: string } }
  | { status: "closed" }
  | { status: "not_found" };

/** The statement being signed, and the chosen ward if it belongs to the statement's jurisdiction, in one read. */
async function findSigningTarget({ slug, ward }: { slug: string; ward: string }, db: Executor) {
  const wardId = /^[1-9][0-9]*$/.test(ward) ? Number(ward) : null;
  const { rows } = await sql<{
    id: number;
    state: StatementState;
    ask_ward: boolean;
    title: string;
    title_es: string;
    ward_id: number | null;
    has_wards: boolean;
  }>`
    select s.id, s.state, s.ask_ward, s.title, s.title_es,
           (select w.id from wards w where w.id = ${wardId}::int and w.jurisdiction_id = s.jurisdiction_id) as ward_id,
           exists (select 1 from wards w where w.jurisdiction_id = s.jurisdiction_id) as has_wards
    from statements s where s.slug = ${slug}`.execute(db);
  return rows[0];
}

/** The ward fields to store, or the key of the problem with the `ward` value. */
function resolveWard({
  ward,
  askWard,
  wardId,
  hasWards,
}: {
  ward: string;
  askWard: boolean;
  wardId: number | null;
  hasWards: boolean;
}): { ward_id: number | null; outside_jurisdiction: boolean } | { error: string } {
  if (!askWard) return { ward_id: null, outside_jurisdiction: false };
  // A jurisdiction without wards cannot ask for one.
  if (ward === "") return hasWards ? { error: "sign.error.wardRequired" } : { ward_id: null, outside_jurisdiction: false };
  if (ward === OUTSIDE_WARD) return { ward_id: null, outside_jurisdiction: true };
  return wardId !== null ? { ward_id: wardId, outside_jurisdiction: false } : { error: "sign.error.wardUnknown" };
}

/**
 * Signs a statement: stores a pending signature and queues its verification
 * email atomically. Signing again re-sends the link (rate-limited) while
 * pending and changes nothing once verified; over a limit the signature is
 * stored as suspicious and nothing is sent. Callers answer the same way for
 * every `ok` outcome, so nobody can learn who signed.
 */
export async function signStatement(
  {
    slug,
    input,
    clientIp,
    locale,
    limits = SIGNING_LIMITS,
  }: { slug: string; input: SignatureInput; clientIp: string; locale: Locale; limits?: SigningLimits },
  db: Executor = getDb(),
): Promise<SignResult> {
  const statement = await findSigningTarget({ slug, ward: input.ward }, db);
  if (!statement || !isPublicState(statement.state)) return { status: "not_found" };
  if (!acceptsSignatures(statement.state)) return { status: "closed" };
  const ward = resolveWard({ ward: input.ward, askWard: statement.ask_ward, wardId: statement.ward_id, hasWards: statement.has_wards });
  if ("error" in ward) return { status: "invalid", errors: { ward: ward.error } };

  const details = { name: input.name, display: input.display, updates: input.updates, locale, client_ip: clientIp, ...ward };
  const token = newToken();
  const email = signatureVerificationEmail({
    signer: { to: input.email, name: input.name, display: input.display, locale },
    statement: { title: statement.title, titleEs: statement.title_es },
    token: token.token,
    appUrl: appUrl(),
  });
  const emailKey = `sign:email:${input.email}`;

  const first = await signNewcomer({ statementId: statement.id, input, details, token, email, clientIp, emailKey, limits }, db);
  if (first.signature_id !== null) return { status: "ok", outcome: first.signature_state === "pending" ? "created" : "suspicious" };

  // The address had signed already (or a concurrent submission of it won):
  // the rarer paths, in a transaction around the existing row.
  const ipAllowed = first.ip_hits <= limits.perIp.limit;
  return inTransaction(db, async (trx) => {
    // Counted as a new signature by the statement above, but it was not one.
    if (first.email_window !== null)
      await trx
        .updateTable("rate_limits")
        .set({ hits: sql`hits - 1` })
        .where("key", "=", emailKey)
        .where("window_start", "=", first.email_window)
        .execute();
    const flagReason = async () => {
      if (!ipAllowed) return "rate_limit:ip";
      const byEmail = await hitRateLimit({ key: emailKey, ...limits.perEmail }, trx);
      return byEmail.allowed ? null : "rate_limit:email";
    };
    const pending = {
      state: "pending" as const,
      verify_token_hash: token.hash,
      verify_expires_at: sql<Date>`now() + ${`${VERIFY_TOKEN_TTL_DAYS} days`}::interval`,
      suspicious_reason: null,
    };
    const suspicious = (reason: string) => ({
      state: "suspicious" as const,
      suspicious_reason: reason,
      verify_token_hash: null,
      verify_expires_at: null,
    });

    // Concurrent submissions of one address wait here for each other.
    const existing = await trx
      .selectFrom("signatures")
      .select([
        "id",
        "state",
        "verification_sends",
        sql<boolean>`last_sent_at > now() - ${`${limits.resend.minIntervalSeconds} seconds`}::interval`.as("sent_recently"),
      ])
      .where("statement_id", "=", statement.id)
      .where("email", "=", input.email)
      .forUpdate()
      .executeTakeFirstOrThrow();

    if (existing.state === "verified") return { status: "ok", outcome: "unchanged" } as const;
    if (existing.state === "pending") {
      // The first submission's details stand: nobody else can change how a
      // name will be shown by signing with someone's address.
      if (!ipAllowed || existing.sent_recently || existing.verification_sends >= limits.resend.maxSends)
        return { status: "ok", outcome: "unchanged" } as const;
      await trx
        .updateTable("signatures")
        .set({ ...pending, verification_sends: sql`verification_sends + 1`, last_sent_at: sql`now()` })
        .where("id", "=", existing.id)
        .execute();
      await enqueueEmail(email, trx);
      return { status: "ok", outcome: "resent" } as const;
    }

    // Withdrawn, or flagged earlier and never emailed: a fresh signature.
    const reason = await flagReason();
    const fresh = { ...details, verified_at: null, withdrawn_at: null, withdraw_token_hash: null };
    if (reason) {
      await trx.updateTable("signatures").set({ ...fresh, ...suspicious(reason) }).where("id", "=", existing.id).execute();
      return { status: "ok", outcome: "suspicious" } as const;
    }
    await trx
      .updateTable("signatures")
      .set({ ...fresh, ...pending, verification_sends: sql`verification_sends + 1`, last_sent_at: sql`now()` })
      .where("id", "=", existing.id)
      .execute();
    await enqueueEmail(email, trx);
    return { status: "ok", outcome: "reactivated" } as const;
  });
}

/**
 * The common case of a surge, a first signature, as ONE statement (atomic on
 * its own, one round trip and one commit instead of eight and two): count
 * the client address; count the email address too when it has not signed
 * this statement and the client address is within its limit; insert the
 * signature, pending or flagged by those counts; queue its verification
 * email when pending. When the address had already signed, nothing is
 * inserted and `signature_id` is null (and `email_window` says whether the
 * email address was counted, so the caller can take that back).
 */
async function signNewcomer(
  {
    statementId,
    input,
    details,
    token,
    email,
    clientIp,
    emailKey,
    limits,
  }: {
    statementId: number;
    input: SignatureInput;
    details: { name: string; display: DisplayChoice; updates: boolean; locale: Locale; client_ip: string; ward_id: number | null; outside_jurisdiction: boolean };
    token: { hash: string };
    email: OutgoingEmail;
    clientIp: string;
    emailKey: string;
    limits: SigningLimits;
  },
  db: Executor,
) {
  const mail = outboxRow(email);
  // Raw SQL rather than the query builder: this runs on every signature of a surge, and building it was a tenth of the CPU.
  const { rows } = await sql<{ ip_hits: number; email_window: Date | null; signature_id: string | null; signature_state: string | null }>`
    with ip as (
      insert into rate_limits (key, window_start, hits) values (${`sign:ip:${clientIp}`}, ${rateLimitWindow(limits.perIp.windowSeconds)}, 1)
      on conflict (key, window_start) do update set hits = rate_limits.hits + 1
      returning hits
    ), em as (
      insert into rate_limits (key, window_start, hits)
      select ${emailKey}::text, ${rateLimitWindow(limits.perEmail.windowSeconds)}, 1 from ip
      where ip.hits <= ${limits.perIp.limit}
        and not exists (select 1 from signatures where statement_id = ${statementId} and email = ${input.email})
      on conflict (key, window_start) do update set hits = rate_limits.hits + 1
      returning hits, window_start
    ), flag as (
      select case when ip.hits > ${limits.perIp.limit} then 'rate_limit:ip' when em.hits > ${limits.perEmail.limit} then 'rate_limit:email' end as reason
      from ip left join em on true
    ), ins as (
      insert into signatures (statement_id, email, name, display, updates, locale, client_ip, ward_id, outside_jurisdiction,
                              state, suspicious_reason, verify_token_hash, verify_expires_at)
      select ${statementId}::int, ${input.email}::text, ${details.name}::text, ${details.display}::text, ${details.updates}::boolean,
             ${details.locale}::text, ${details.client_ip}::text, ${details.ward_id}::int, ${details.outside_jurisdiction}::boolean,
             case when reason is null then 'pending' else 'suspicious' end, reason,
             case when reason is null then ${token.hash}::text end,
             case when reason is null then now() + ${`${VERIFY_TOKEN_TTL_DAYS} days`}::interval end
      from flag
      on conflict on constraint signatures_one_per_email do nothing
      returning id, state
    ), mail as (
      insert into outbox (kind, to_address, subject, text_body)
      select ${mail.kind}::text, ${mail.to_address}::text, ${mail.subject}::text, ${mail.text_body}::text from ins where state = 'pending'
    )
    select ip.hits as ip_hits, em.window_start as email_window, ins.id as signature_id, ins.state as signature_state
    from ip left join em on true left join ins on true`.execute(db);
  return rows[0];
}
