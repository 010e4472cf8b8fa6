import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb, inTransaction } from "~/db.server";
import { appUrl } from "~/env.server";
import type { Locale } from "~/i18n/core";
import { hashToken, newToken } from "~/utils/crypto.server";
import type { OutgoingEmail } from "~/mail/outbox";
import { outboxInsertSql } from "~/mail/outbox.server";
import { signatureConfirmationEmail } from "~/mail/signing-emails.server";
import { forgetPublicReads } from "~/statements/public-reads.server";
import { acceptsSignatures, publicName } from "./signatures";
import { addOneToAShard, subtractOneFromAShard } from "./verified-count.server";
import type { DisplayChoice, SignatureState, StatementState } from "../../db/states";

// The links a signer is emailed: confirming a pending signature, and
// withdrawing a verified one. Opening a link only inspects it; the page's
// button does it.

export type TokenProblem = "invalid" | "expired" | "used" | "closed";
/** What a link does or would do; a problem names the statement when there is one to link back to. */
export type TokenCheck =
  | { status: "ok"; slug: string; title: string; titleEs: string; shownAs: string | null }
  | { status: TokenProblem; slug?: string };

interface VerifyRow {
  id: string;
  state: SignatureState;
  email: string;
  name: string;
  display: DisplayChoice;
  locale: Locale;
  statement_id: number;
  statement_state: StatementState;
  slug: string;
  title: string;
  title_es: string;
  expired: boolean;
}

// Raw SQL on the confirmation path, like the other hot statements: building
// it with the query builder cost more CPU than sending it.
async function findByVerifyToken(token: string, db: Executor): Promise<VerifyRow | undefined> {
  const { rows } = await sql<VerifyRow>`
    select s.id, s.state, s.email, s.name, s.display, s.locale, st.id as statement_id, st.state as statement_state, st.slug, st.title, st.title_es,
           s.verify_expires_at < now() as expired
    from signatures s join statements st on st.id = s.statement_id
    where s.verify_token_hash = ${hashToken(token)}`.execute(db);
  return rows[0];
}

function verifyProblem(row: VerifyRow | undefined): TokenCheck | null {
  if (!row) return { status: "invalid" };
  if (row.state === "verified" || row.state === "withdrawn") return { status: "used", slug: row.slug };
  if (row.state !== "pending") return { status: "invalid" };
  if (row.expired) return { status: "expired", slug: row.slug };
  if (!acceptsSignatures(row.statement_state)) return { status: "closed", slug: row.slug };
  return null;
}

/** What a verification link would do, without doing it (the page a link opens). */
export async function inspectVerification({ token }: { token: string }, db: Executor = getDb()): Promise<TokenCheck> {
  const row = await findByVerifyToken(token, db);
  return verifyProblem(row) ?? { status: "ok", slug: row!.slug, title: row!.title, titleEs: row!.title_es, shownAs: publicName(row!.name, row!.display) };
}

/**
 * Confirms a pending signature (once): it starts counting, and the signer is
 * emailed a confirmation with a withdraw link, atomically.
 */
export async function verifySignature({ token }: { token: string }, db: Executor = getDb()): Promise<TokenCheck> {
  const row = await findByVerifyToken(token, db);
  const problem = verifyProblem(row);
  if (problem) return problem;
  const s = row!;
  const withdraw = newToken();
  const mail = signatureConfirmationEmail({
    signer: { to: s.email, name: s.name, display: s.display, locale: s.locale },
    statement: { slug: s.slug, title: s.title, titleEs: s.title_es },
    withdrawToken: withdraw.token,
    appUrl: appUrl(),
  });
  const confirmed = await confirmPending({ signatureId: s.id, statementId: s.statement_id, tokenHash: hashToken(token), withdrawHash: withdraw.hash, mail }, db);
  // A concurrent click of the same link won, or the signature or statement changed since the read: say what it is now.
  if (!confirmed) return verifyProblem(await findByVerifyToken(token, db)) ?? { status: "used", slug: s.slug };
  forgetPublicReads(s.slug);
  return { status: "ok", slug: s.slug, title: s.title, titleEs: s.title_es, shownAs: publicName(s.name, s.display) };
}

/**
 * The confirmation as ONE statement (atomic on its own; one round trip and
 * one commit): the signature becomes verified only if it is still pending
 * under this token, unexpired, and its statement still open; then one count
 * shard moves (verified-count.server.ts picks it) and the confirmation email
 * is queued.
 */
async function confirmPending(
  {
    signatureId,
    statementId,
    tokenHash,
    withdrawHash,
    mail,
  }: { signatureId: string; statementId: number; tokenHash: string; withdrawHash: string; mail: OutgoingEmail },
  db: Executor,
): Promise<boolean> {
  const { rows } = await sql<{ confirmed: number }>`
    with upd as (
      update signatures set state = 'verified', verified_at = now(), withdraw_token_hash = ${withdrawHash}, verify_expires_at = null
      where id = ${signatureId} and verify_token_hash = ${tokenHash} and state = 'pending' and verify_expires_at >= now()
        and exists (select 1 from statements where id = ${statementId} and state = 'open')
      returning statement_id
    ), ${addOneToAShard({ statementId, from: "upd" })}, mail as (
      ${outboxInsertSql(mail, sql`upd`)}
    )
    select count(*)::int as confirmed from upd`.execute(db);
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
      "signatures.name",
      "signatures.display",
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

export async function inspectWithdrawal({ token }: { token: string }, db: Executor = getDb()): Promise<TokenCheck> {
  const row = await findByWithdrawToken(token, db).executeTakeFirst();
  return withdrawProblem(row) ?? { status: "ok", slug: row!.slug, title: row!.title, titleEs: row!.title_es, shownAs: publicName(row!.name, row!.display) };
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
  return { status: "ok", slug: s.slug, title: s.title, titleEs: s.title_es, shownAs: publicName(s.name, s.display) };
}
