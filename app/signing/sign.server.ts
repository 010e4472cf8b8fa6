import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb } from "~/db.server";
import { appUrl } from "~/env.server";
import type { Locale } from "~/i18n/core";
import { newToken } from "~/utils/crypto.server";
import { inboxKey } from "~/mail/email-address";
import { outboxInsertSql } from "~/mail/outbox.server";
import type { OutgoingEmail } from "~/mail/outbox";
import { submissionEmail, type SignerChoices } from "~/mail/signing-emails.server";
import { rateLimitWindow } from "./rate-limit.server";
import { acceptsSignatures, isPublicState, OUTSIDE_WARD, VERIFY_TOKEN_TTL_DAYS } from "./signatures";
import type { SignatureInput } from "./sign-input.server";
import type { SignatureState, StatementState } from "../../db/states";

/**
 * Every signing limit, in one place. Generous on purpose: a household or a
 * library shares one address, and going over a limit only flags the
 * signature (stored, never counted or emailed), it never refuses anyone.
 */
export const SIGNING_LIMITS = {
  perIp: { limit: 60, windowSeconds: 60 * 60 },
  /** New signatures by one address across all statements. */
  perEmail: { limit: 20, windowSeconds: 60 * 60 },
  /**
   * Signing again while pending, or once confirmed, emails a new link at most
   * this often, and at most `maxSends` links between two confirmations.
   */
  resend: { minIntervalSeconds: 60, maxSends: 5 },
};
export type SigningLimits = typeof SIGNING_LIMITS;

/** What happened, for tests and logs; the signer is told the same thing in every case. */
export type SignOutcome = "created" | "resent" | "changeSent" | "unchanged" | "suspicious" | "reactivated";
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
    jurisdiction: string;
    ward_id: number | null;
    ward_name: string | null;
    has_wards: boolean;
  }>`
    select s.id,
           -- A goal or manual statement closes at its deadline (statements/deadlines.server.ts, every 30 s):
           -- refuse signatures from the deadline on, not from the job's next pass.
           case when s.state = 'open' and s.deadline <= now() and s.delivery_trigger <> 'deadline' then 'closed' else s.state end as state, s.ask_ward, s.title, s.title_es, j.name as jurisdiction, w.id as ward_id, w.name as ward_name,
           exists (select 1 from wards x where x.jurisdiction_id = s.jurisdiction_id) as has_wards
    from statements s join jurisdictions j on j.id = s.jurisdiction_id
    left join wards w on w.id = ${wardId}::int and w.jurisdiction_id = s.jurisdiction_id
    where s.slug = ${slug}`.execute(db);
  return rows[0];
}

type Ward = { ward_id: number | null; outside_jurisdiction: boolean; choice: SignerChoices["ward"] };

/** The ward fields to store, or the key of the problem with the `ward` value. */
function resolveWard({
  ward,
  askWard,
  wardId,
  wardName,
  hasWards,
}: {
  ward: string;
  askWard: boolean;
  wardId: number | null;
  wardName: string | null;
  hasWards: boolean;
}): Ward | { error: string } {
  const none = { ward_id: null, outside_jurisdiction: false, choice: null };
  if (!askWard) return none;
  // A jurisdiction without wards cannot ask for one.
  if (ward === "") return hasWards ? { error: "sign.error.wardRequired" } : none;
  if (ward === OUTSIDE_WARD) return { ward_id: null, outside_jurisdiction: true, choice: "outside" };
  return wardId !== null ? { ward_id: wardId, outside_jurisdiction: false, choice: { name: wardName ?? "" } } : { error: "sign.error.wardUnknown" };
}

/**
 * Signs a statement. Every submission is kept with its choices under the
 * token of the link emailed for it (signature_submissions); only confirming
 * that link applies them (verify.server.ts). So the inbox decides how its
 * name appears, not whoever typed the address first:
 * - a new address: a pending signature, its submission and its verification email;
 * - an address waiting for confirmation: another submission and link (rate-limited);
 * - an address already confirmed: a "your choices changed?" email, nothing else changes;
 * - a withdrawn or flagged one: a submission and link, as for a new one;
 * - over a limit: a new address is stored flagged (never counted or emailed); nothing is sent otherwise.
 * All of it is ONE statement after the statement's read, whatever the
 * address did before: the answer takes the same time either way, and every
 * `ok` outcome gets the same words, so nobody can learn who signed.
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
  const ward = resolveWard({
    ward: input.ward,
    askWard: statement.ask_ward,
    wardId: statement.ward_id,
    wardName: statement.ward_name,
    hasWards: statement.has_wards,
  });
  if ("error" in ward) return { status: "invalid", errors: { ward: ward.error } };

  const token = newToken();
  const mail = (change: boolean) =>
    submissionEmail({
      signer: { to: input.email, locale, choices: { name: input.name, display: input.display, ward: ward.choice, updates: input.updates } },
      statement: { slug, title: statement.title, titleEs: statement.title_es, jurisdiction: statement.jurisdiction },
      token: token.token,
      appUrl: appUrl(),
      change,
    });
  const row = await submit(
    { statementId: statement.id, input, key: inboxKey(input.email), ward, locale, clientIp, tokenHash: token.hash, mails: { verify: mail(false), change: mail(true) }, limits },
    db,
  );
  if (row.prior === null && row.created === null && row.email_counted)
    // Lost a race with a first submission of the same address: it was not a new signature.
    await db
      .updateTable("rate_limits")
      .set({ hits: sql`hits - 1` })
      .where("key", "=", `sign:email:${inboxKey(input.email)}`)
      .where("window_start", "=", row.email_window)
      .execute();
  return { status: "ok", outcome: outcomeOf(row) };
}

interface SubmitRow {
  prior: SignatureState | null;
  reason: string | null;
  created: SignatureState | null;
  sent: boolean;
  /** This submission counted against the address's limit (emailCountedIn: the window it counted in). */
  email_counted: boolean;
  email_window: Date;
}

function outcomeOf({ prior, reason, created, sent }: SubmitRow): SignOutcome {
  if (prior === null) return created === "pending" ? "created" : created === "suspicious" ? "suspicious" : "unchanged";
  if (!sent) return reason ? "suspicious" : "unchanged";
  return prior === "pending" ? "resent" : prior === "verified" ? "changeSent" : "reactivated";
}

/**
 * The whole submission as ONE statement (atomic on its own; one round trip
 * and one commit, whichever path it takes): count the client address; lock
 * the address's signature if there is one; count the email address when this
 * is a fresh signature (none yet, withdrawn or flagged) and the client is
 * within its limit; insert a new signature, pending or flagged by those
 * counts, or mark the existing one as sent to (unless a limit says not to);
 * store the submission for the signature being sent to and queue its email:
 * the verification, or for a confirmed signature the "choices changed?".
 * Two first submissions of one address racing each other: the second finds
 * the first's row only at its insert, does nothing and sends nothing; the
 * caller then takes back its hit on the address's limit (a second, rare
 * statement: racing is not a path anyone can choose to time).
 */
async function submit(
  {
    statementId,
    input,
    key,
    ward,
    locale,
    clientIp,
    tokenHash,
    mails,
    limits,
  }: {
    statementId: number;
    input: SignatureInput;
    key: string;
    ward: Ward;
    locale: Locale;
    clientIp: string;
    tokenHash: string;
    mails: { verify: OutgoingEmail; change: OutgoingEmail };
    limits: SigningLimits;
  },
  db: Executor,
): Promise<SubmitRow> {
  const resend = limits.resend;
  const emailWindow = rateLimitWindow(limits.perEmail.windowSeconds);
  // Raw SQL rather than the query builder: this runs on every signature of a surge, and building it was a tenth of the CPU.
  const { rows } = await sql<SubmitRow>`
    with ip as (
      insert into rate_limits (key, window_start, hits) values (${`sign:ip:${clientIp}`}, ${rateLimitWindow(limits.perIp.windowSeconds)}, 1)
      on conflict (key, window_start) do update set hits = rate_limits.hits + 1
      returning hits
    ), old as (
      select id, state,
             -- A fresh signature (withdrawn, flagged) is limited by the address's count below instead.
             state in ('pending', 'verified')
               and (verification_sends >= ${resend.maxSends} or last_sent_at > now() - ${`${resend.minIntervalSeconds} seconds`}::interval) as resend_limited
      from signatures where statement_id = ${statementId} and email_key = ${key}
      for update
    ), em as (
      insert into rate_limits (key, window_start, hits)
      select ${`sign:email:${key}`}::text, ${emailWindow}, 1 from ip
      where ip.hits <= ${limits.perIp.limit} and not exists (select 1 from old where state in ('pending', 'verified'))
      on conflict (key, window_start) do update set hits = rate_limits.hits + 1
      returning hits
    ), act as (
      select old.id as old_id, old.state as prior, old.resend_limited,
             case when ip.hits > ${limits.perIp.limit} then 'rate_limit:ip' when em.hits > ${limits.perEmail.limit} then 'rate_limit:email' end as reason
      from ip left join em on true left join old on true
    ), ins as (
      insert into signatures (statement_id, email, email_key, name, display, updates, locale, client_ip, ward_id, outside_jurisdiction,
                              state, suspicious_reason)
      select ${statementId}::int, ${input.email}::text, ${key}::text, ${input.name}::text, ${input.display}::text, ${input.updates}::boolean,
             ${locale}::text, ${clientIp}::text, ${ward.ward_id}::int, ${ward.outside_jurisdiction}::boolean,
             case when reason is null then 'pending' else 'suspicious' end, reason
      from act where old_id is null
      on conflict (statement_id, email_key) do nothing
      returning id, state
    ), upd as (
      update signatures set verification_sends = verification_sends + 1, last_sent_at = now()
      from act where signatures.id = act.old_id and act.reason is null and not act.resend_limited
      returning signatures.id, act.prior = 'verified' as change
    ), target as (
      select id, false as change from ins where state = 'pending' union all select id, change from upd
    ), sub as (
      insert into signature_submissions (signature_id, token_hash, name, ward_id, outside_jurisdiction, display, updates, locale, expires_at)
      select id, ${tokenHash}::text, ${input.name}::text, ${ward.ward_id}::int, ${ward.outside_jurisdiction}::boolean, ${input.display}::text,
             ${input.updates}::boolean, ${locale}::text, now() + ${`${VERIFY_TOKEN_TTL_DAYS} days`}::interval
      from target
    ), verify_mail as (
      ${outboxInsertSql(mails.verify, sql`target where not change`)}
    ), change_mail as (
      ${outboxInsertSql(mails.change, sql`target where change`)}
    )
    select act.prior, act.reason, (select state from ins) as created, exists (select 1 from target) as sent,
           exists (select 1 from em) as email_counted, ${emailWindow}::timestamptz as email_window
    from act`.execute(db);
  return rows[0];
}

/**
 * Forgets the submissions whose links expired more than a day ago unconfirmed
 * (their page says "expired" for that day, then "not valid"): choices nobody
 * confirmed, often typed by someone else about this address, are not kept.
 */
export async function pruneExpiredSubmissions(db: Executor = getDb()) {
  const gone = await db
    .deleteFrom("signature_submissions")
    .where("applied_at", "is", null)
    .where("expires_at", "<", sql<Date>`now() - interval '1 day'`)
    .executeTakeFirst();
  return Number(gone.numDeletedRows);
}
