import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb, inTransaction } from "~/db.server";
import { appUrl } from "~/env.server";
import type { Locale } from "~/i18n/core";
import { hashToken, newToken } from "~/utils/crypto.server";
import type { OutgoingEmail } from "~/mail/outbox";
import { outboxInsertSql } from "~/mail/outbox.server";
import { signatureConfirmationEmail, type SignerChoices } from "~/mail/signing-emails.server";
import { forgetPublicReads } from "~/statements/public-reads.server";
import { acceptsSignatures, publicName } from "./signatures";
import { addOneToAShard, subtractOneFromAShard } from "./verified-count.server";
import type { DisplayChoice, SignatureState, StatementState } from "../../db/states";

// The links a signer is emailed: confirming a submission of the sign form
// (a first signature, or changed choices), and withdrawing a verified
// signature. Opening a link only inspects it; the page's button does it.

export type TokenProblem = "invalid" | "expired" | "used" | "closed";
/** What a link does or would do (with `Found`'s details); a problem names the statement when there is one to link back to. */
export type TokenCheck<Found = object> =
  | ({ status: "ok"; slug: string; title: string; titleEs: string } & Found)
  | { status: TokenProblem; slug?: string };

/** The choices a confirmation link applies, as its page shows them. */
export interface SubmittedChoices {
  name: string;
  display: DisplayChoice;
  /** The name as the public page would show it; null when it is not shown. */
  shownAs: string | null;
  ward: string | null;
  outside: boolean;
  jurisdiction: string;
  updates: boolean;
  /** The signature is confirmed already: these choices would replace its current ones. */
  change: boolean;
}
export type VerifyCheck = TokenCheck<{ choices: SubmittedChoices }>;

interface SubmissionRow {
  submission_id: string;
  signature_id: string;
  signature_state: SignatureState;
  applied: boolean;
  expired: boolean;
  email: string;
  name: string;
  display: DisplayChoice;
  updates: boolean;
  locale: Locale;
  ward_id: number | null;
  ward: string | null;
  outside_jurisdiction: boolean;
  statement_id: number;
  statement_state: StatementState;
  slug: string;
  title: string;
  title_es: string;
  jurisdiction: string;
}

// Raw SQL on the confirmation path, like the other hot statements: building
// it with the query builder cost more CPU than sending it.
async function findSubmission(token: string, db: Executor): Promise<SubmissionRow | undefined> {
  const { rows } = await sql<SubmissionRow>`
    select u.id as submission_id, s.id as signature_id, s.state as signature_state, u.applied_at is not null as applied,
           u.expires_at < now() as expired, s.email, u.name, u.display, u.updates, u.locale, u.ward_id, w.name as ward,
           u.outside_jurisdiction, st.id as statement_id, st.state as statement_state, st.slug, st.title, st.title_es, j.name as jurisdiction
    from signature_submissions u
    join signatures s on s.id = u.signature_id
    join statements st on st.id = s.statement_id
    join jurisdictions j on j.id = st.jurisdiction_id
    left join wards w on w.id = u.ward_id
    where u.token_hash = ${hashToken(token)}`.execute(db);
  return rows[0];
}

function verifyProblem(row: SubmissionRow | undefined): VerifyCheck | null {
  // A link older than one confirmed since is gone too: see confirmSubmission.
  if (!row) return { status: "invalid" };
  if (row.applied) return { status: "used", slug: row.slug };
  if (row.expired) return { status: "expired", slug: row.slug };
  if (!acceptsSignatures(row.statement_state)) return { status: "closed", slug: row.slug };
  return null;
}

const found = (row: SubmissionRow): VerifyCheck => ({
  status: "ok",
  slug: row.slug,
  title: row.title,
  titleEs: row.title_es,
  choices: {
    name: row.name,
    display: row.display,
    shownAs: publicName(row.name, row.display),
    ward: row.ward,
    outside: row.outside_jurisdiction,
    jurisdiction: row.jurisdiction,
    updates: row.updates,
    change: row.signature_state === "verified",
  },
});

/** What a confirmation link would do, without doing it (the page a link opens). */
export async function inspectVerification({ token }: { token: string }, db: Executor = getDb()): Promise<VerifyCheck> {
  const row = await findSubmission(token, db);
  return verifyProblem(row) ?? found(row!);
}

/**
 * Confirms one submission (once): its choices become the signature's, the
 * signature counts if it did not already, and the signer is emailed a
 * confirmation stating those choices, with a withdraw link, atomically.
 */
export async function verifySignature({ token }: { token: string }, db: Executor = getDb()): Promise<VerifyCheck> {
  const row = await findSubmission(token, db);
  const problem = verifyProblem(row);
  if (problem) return problem;
  const s = row!;
  const withdraw = newToken();
  const choices: SignerChoices = {
    name: s.name,
    display: s.display,
    ward: s.outside_jurisdiction ? "outside" : s.ward === null ? null : { name: s.ward },
    updates: s.updates,
  };
  const mail = signatureConfirmationEmail({
    signer: { to: s.email, locale: s.locale, choices },
    statement: { slug: s.slug, title: s.title, titleEs: s.title_es, jurisdiction: s.jurisdiction },
    withdrawToken: withdraw.token,
    appUrl: appUrl(),
  });
  const confirmed = await confirmSubmission({ row: s, withdrawHash: withdraw.hash, mail }, db);
  // A concurrent click of the same link won, or the submission or statement changed since the read: say what it is now.
  if (!confirmed) return verifyProblem(await findSubmission(token, db)) ?? { status: "used", slug: s.slug };
  forgetPublicReads(s.slug);
  return found(s);
}

/**
 * The confirmation as ONE statement (atomic on its own; one round trip and
 * one commit): the submission is marked applied only if it was not already,
 * is unexpired and its statement still open; its choices are copied onto the
 * signature, which becomes (or stays) verified; when it was not verified, one
 * count shard moves (verified-count.server.ts picks it); the confirmation
 * email is queued.
 *
 * Every submission older than the one confirmed is deleted: confirming a
 * link settles what came before it. A stranger who signed first with your
 * address can only ever reach your inbox with their link; once you have
 * confirmed your own, later, choices, their older link no longer works, so a
 * stray click on an old email cannot bring their choices back. A submission
 * newer than the confirmed one stays valid: it is the most recent thing
 * asked of this inbox, and only the inbox can confirm it.
 */
async function confirmSubmission(
  { row, withdrawHash, mail }: { row: SubmissionRow; withdrawHash: string; mail: OutgoingEmail },
  db: Executor,
): Promise<boolean> {
  const { rows } = await sql<{ confirmed: number }>`
    with sub as (
      update signature_submissions set applied_at = now()
      where id = ${row.submission_id} and applied_at is null and expires_at >= now()
        and exists (select 1 from statements where id = ${row.statement_id} and state = 'open')
      returning signature_id, name, display, updates, locale, ward_id, outside_jurisdiction
    ), prior as (
      select id, state from signatures where id = ${row.signature_id} and anonymized_at is null for update
    ), applied as (
      update signatures s
      set name = sub.name, display = sub.display, updates = sub.updates, locale = sub.locale, ward_id = sub.ward_id,
          outside_jurisdiction = sub.outside_jurisdiction, state = 'verified',
          verified_at = case when prior.state = 'verified' then s.verified_at else now() end,
          withdrawn_at = null, suspicious_reason = null, withdraw_token_hash = ${withdrawHash},
          unsubscribed_at = case when sub.updates then null else s.unsubscribed_at end,
          -- Links sent since the last confirmation: the resend limits count from here.
          verification_sends = 0
      from sub, prior where s.id = sub.signature_id and prior.id = s.id
      returning s.statement_id, prior.state <> 'verified' as newly
    ), upd as (
      select statement_id from applied where newly
    ), ${addOneToAShard({ statementId: row.statement_id, from: "upd" })}, settled as (
      delete from signature_submissions where signature_id = ${row.signature_id} and id < ${row.submission_id} and exists (select 1 from applied)
    ), mail as (
      ${outboxInsertSql(mail, sql`applied`)}
    )
    select count(*)::int as confirmed from applied`.execute(db);
  return rows[0].confirmed === 1;
}

/** A signature as withdrawing reads it; callers add which one (by its withdraw token, or by id for /my-signatures). */
export function withdrawableSignatures(db: Executor) {
  return db
    .selectFrom("signatures")
    .innerJoin("statements", "statements.id", "signatures.statement_id")
    .select([
      "signatures.id",
      "signatures.state",
      "statements.id as statement_id",
      "statements.slug",
      "statements.title",
      "statements.title_es",
    ]);
}

const findByWithdrawToken = (token: string, db: Executor) =>
  withdrawableSignatures(db).where("signatures.withdraw_token_hash", "=", hashToken(token));

type WithdrawRow = NonNullable<Awaited<ReturnType<ReturnType<typeof withdrawableSignatures>["executeTakeFirst"]>>>;

function withdrawProblem(row: WithdrawRow | undefined): TokenCheck | null {
  if (!row) return { status: "invalid" };
  if (row.state === "withdrawn") return { status: "used", slug: row.slug };
  if (row.state !== "verified") return { status: "invalid" };
  return null;
}

const withdrawFound = (row: WithdrawRow): TokenCheck => ({ status: "ok", slug: row.slug, title: row.title, titleEs: row.title_es });

export async function inspectWithdrawal({ token }: { token: string }, db: Executor = getDb()): Promise<TokenCheck> {
  const row = await findByWithdrawToken(token, db).executeTakeFirst();
  return withdrawProblem(row) ?? withdrawFound(row!);
}

/**
 * Withdraws a verified signature: it stops counting at once and is left out
 * of every later packet (packets take verified signatures only). Works on
 * closed and delivered statements too.
 */
export async function withdrawSignature({ token }: { token: string }, db: Executor = getDb()): Promise<TokenCheck> {
  const result: TokenCheck = await inTransaction(db, async (trx) =>
    withdrawLocked(await findByWithdrawToken(token, trx).forUpdate("signatures").executeTakeFirst(), trx),
  );
  if (result.status === "ok") forgetPublicReads(result.slug);
  return result;
}

/**
 * The withdraw rule, for a row read FOR UPDATE in `trx` (withdrawableSignatures):
 * only a verified signature is withdrawn, and it stops counting in the same
 * transaction. The caller forgets the statement's public reads once committed.
 */
export async function withdrawLocked(row: WithdrawRow | undefined, trx: Executor): Promise<TokenCheck> {
  const problem = withdrawProblem(row);
  if (problem) return problem;
  const s = row!;
  await trx.updateTable("signatures").set({ state: "withdrawn", withdrawn_at: sql`now()` }).where("id", "=", s.id).execute();
  await subtractOneFromAShard(s.statement_id, trx);
  return withdrawFound(s);
}
