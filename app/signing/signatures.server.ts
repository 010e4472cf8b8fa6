import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb, getReadDb, inTransaction } from "~/db.server";
import { appUrl } from "~/env.server";
import type { Locale } from "~/i18n/core";
import { emailTranslator as translator } from "~/i18n/email.server";
import { hashToken, newToken } from "~/utils/crypto.server";
import { enqueueEmail, outboxRow } from "~/mail/outbox.server";
import type { OutgoingEmail } from "~/mail/outbox";
import { forgetPublicReads, publicRead } from "~/statements/public-reads.server";
import { hitRateLimit, rateLimitWindow } from "./rate-limit.server";
import {
  acceptsSignatures,
  isPublicState,
  OUTSIDE_WARD,
  PUBLIC_STATEMENT_STATES,
  publicName,
  VERIFY_TOKEN_TTL_DAYS,
  type SignatureInput,
} from "./signatures";
import type { DisplayChoice, Office, SignatureState, StatementState } from "../../db/states";
import { localized, translationOf } from "~/statements/statements";
import { COUNT_SHARDS } from "~/statements/statements.server";

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

const verifyLink = (token: string) => `${appUrl()}/signatures/verify?token=${token}`;
const withdrawLink = (token: string) => `${appUrl()}/signatures/withdraw?token=${token}`;
/** Titles are free text: keep a subject to one line. */
const oneLine = (s: string) => s.replace(/\s+/g, " ").trim().slice(0, 200);

function shownAsLine(t: ReturnType<typeof translator>, name: string, display: DisplayChoice) {
  const shown = publicName(name, display);
  return shown === null ? t("sign.shownPrivate") : t("sign.shownAs", { shown });
}

function verificationEmail(s: { email: string; name: string; display: DisplayChoice; locale: Locale; title: string; token: string }) {
  const t = translator(s.locale);
  return {
    kind: "signature_verification",
    to: s.email,
    subject: t("email.verify.subject", { title: oneLine(s.title) }),
    text: t("email.verify.body", {
      name: s.name,
      title: s.title,
      link: verifyLink(s.token),
      days: VERIFY_TOKEN_TTL_DAYS,
      shownAs: shownAsLine(t, s.name, s.display),
    }),
  };
}

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

/** Moves the verified count by one on a random shard, in the caller's transaction. */
async function bumpCount(statementId: number, by: 1 | -1, trx: Executor) {
  const shard = Math.floor(Math.random() * COUNT_SHARDS);
  await trx
    .insertInto("statement_count_shards")
    .values({ statement_id: statementId, shard, verified: by })
    .onConflict((oc) => oc.columns(["statement_id", "shard"]).doUpdateSet({ verified: sql`statement_count_shards.verified + ${by}` }))
    .execute();
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
  const email = verificationEmail({ email: input.email, name: input.name, display: input.display, locale, title: localized(locale, statement.title, statement.title_es), token: token.token });
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

export type TokenProblem = "invalid" | "expired" | "used" | "closed";
export type TokenCheck =
  | { ok: true; slug: string; title: string; titleEs: string; shownAs: string | null }
  | { ok: false; reason: TokenProblem; slug?: string };

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
  if (!row) return { ok: false, reason: "invalid" };
  if (row.state === "verified" || row.state === "withdrawn") return { ok: false, reason: "used", slug: row.slug };
  if (row.state !== "pending") return { ok: false, reason: "invalid" };
  if (row.expired) return { ok: false, reason: "expired", slug: row.slug };
  if (!acceptsSignatures(row.statement_state)) return { ok: false, reason: "closed", slug: row.slug };
  return null;
}

/** What a verification link would do, without doing it (the page a link opens). */
export async function inspectVerification({ token }: { token: string }, db: Executor = getDb()): Promise<TokenCheck> {
  const row = await findByVerifyToken(token, db);
  return verifyProblem(row) ?? { ok: true, slug: row!.slug, title: row!.title, titleEs: row!.title_es, shownAs: publicName(row!.name, row!.display) };
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
  const t = translator(s.locale);
  const title = localized(s.locale, s.title, s.title_es);
  const mail = outboxRow({
    kind: "signature_confirmation",
    to: s.email,
    subject: t("email.confirm.subject", { title: oneLine(title) }),
    text: t("email.confirm.body", {
      name: s.name,
      title,
      statementLink: `${appUrl()}/statements/${s.slug}`,
      link: withdrawLink(withdraw.token),
      shownAs: shownAsLine(t, s.name, s.display),
    }),
  });
  const confirmed = await confirmPending({ signatureId: s.id, statementId: s.statement_id, tokenHash: hashToken(token), withdrawHash: withdraw.hash, mail }, db);
  // A concurrent click of the same link won, or the signature or statement changed since the read: say what it is now.
  if (!confirmed) return verifyProblem(await findByVerifyToken(token, db)) ?? { ok: false, reason: "used", slug: s.slug };
  forgetPublicReads(s.slug);
  return { ok: true, slug: s.slug, title: s.title, titleEs: s.title_es, shownAs: publicName(s.name, s.display) };
}

/**
 * The confirmation as ONE statement (atomic on its own; one round trip and
 * one commit): the signature becomes verified only if it is still pending
 * under this token, unexpired, and its statement still open; then one count
 * shard moves and the confirmation email is queued. The shard is one no
 * other confirmation holds (SKIP LOCKED; the search starts at a random one),
 * so concurrent confirmations do not queue on a row lock. When every shard is
 * held (more confirmations in flight than shards, e.g. several web
 * processes), a new shard row is added past COUNT_SHARDS, up to four times as
 * many: readers sum whatever rows there are.
 */
async function confirmPending(
  {
    signatureId,
    statementId,
    tokenHash,
    withdrawHash,
    mail,
  }: { signatureId: string; statementId: number; tokenHash: string; withdrawHash: string; mail: ReturnType<typeof outboxRow> },
  db: Executor,
): Promise<boolean> {
  const { rows } = await sql<{ confirmed: number }>`
    with upd as (
      update signatures set state = 'verified', verified_at = now(), withdraw_token_hash = ${withdrawHash}, verify_expires_at = null
      where id = ${signatureId} and verify_token_hash = ${tokenHash} and state = 'pending' and verify_expires_at >= now()
        and exists (select 1 from statements where id = ${statementId} and state = 'open')
      returning statement_id
    ), free as (
      select shard from statement_count_shards
      where statement_id = ${statementId} and exists (select 1 from upd)
      order by (shard + ${Math.floor(Math.random() * COUNT_SHARDS)}) % ${COUNT_SHARDS} limit 1 for update skip locked
    ), fresh as (
      select s as shard from generate_series(${COUNT_SHARDS}::int, ${4 * COUNT_SHARDS - 1}::int) as s
      where exists (select 1 from upd) and not exists (select 1 from free)
        and not exists (select 1 from statement_count_shards c where c.statement_id = ${statementId} and c.shard = s)
      order by random() limit 1
    ), bump as (
      insert into statement_count_shards (statement_id, shard, verified)
      select statement_id, coalesce((select shard from free), (select shard::smallint from fresh), ${Math.floor(Math.random() * 4 * COUNT_SHARDS)}::smallint), 1 from upd
      on conflict (statement_id, shard) do update set verified = statement_count_shards.verified + 1
    ), mail as (
      insert into outbox (kind, to_address, subject, text_body)
      select ${mail.kind}::text, ${mail.to_address}::text, ${mail.subject}::text, ${mail.text_body}::text from upd
    )
    select count(*)::int as confirmed from upd`.execute(db);
  return rows[0].confirmed === 1;
}

function findByWithdrawToken(token: string, db: Executor) {
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
    ])
    .where("signatures.withdraw_token_hash", "=", hashToken(token));
}

type WithdrawRow = NonNullable<Awaited<ReturnType<ReturnType<typeof findByWithdrawToken>["executeTakeFirst"]>>>;

function withdrawProblem(row: WithdrawRow | undefined): TokenCheck | null {
  if (!row) return { ok: false, reason: "invalid" };
  if (row.state === "withdrawn") return { ok: false, reason: "used", slug: row.slug };
  if (row.state !== "verified") return { ok: false, reason: "invalid" };
  return null;
}

export async function inspectWithdrawal({ token }: { token: string }, db: Executor = getDb()): Promise<TokenCheck> {
  const row = await findByWithdrawToken(token, db).executeTakeFirst();
  return withdrawProblem(row) ?? { ok: true, slug: row!.slug, title: row!.title, titleEs: row!.title_es, shownAs: publicName(row!.name, row!.display) };
}

/**
 * Withdraws a verified signature: it stops counting at once and is left out
 * of every later packet (packets take verified signatures only). Works on
 * closed and delivered statements too.
 */
export async function withdrawSignature({ token }: { token: string }, db: Executor = getDb()): Promise<TokenCheck> {
  const result: TokenCheck = await inTransaction(db, async (trx) => {
    const row = await findByWithdrawToken(token, trx).forUpdate("signatures").executeTakeFirst();
    const problem = withdrawProblem(row);
    if (problem) return problem;
    const s = row!;
    await trx.updateTable("signatures").set({ state: "withdrawn", withdrawn_at: sql`now()` }).where("id", "=", s.id).execute();
    await bumpCount(s.statement_id, -1, trx);
    return { ok: true, slug: s.slug, title: s.title, titleEs: s.title_es, shownAs: publicName(s.name, s.display) };
  });
  if (result.ok) forgetPublicReads(result.slug);
  return result;
}

export const RECENT_SIGNERS = 10;

/**
 * Everything the public page shows, and nothing more: no email address, no
 * private signer. The public JSON is made from the same object.
 */
export async function getPublicStatement({ slug }: { slug: string }, db: Executor = getReadDb()) {
  return loadStatementPage({ slug, publicOnly: true }, db);
}

/**
 * The page data of any statement, drafts included, for the organizer's
 * preview and the moderation queue: callers check who may see it.
 */
export async function getStatementPreview({ id }: { id: number }, db: Executor = getDb()) {
  return loadStatementPage({ id, publicOnly: false }, db);
}

async function loadStatementPage(
  { slug, id, publicOnly }: { slug?: string; id?: number; publicOnly: boolean },
  db: Executor,
) {
  const statement = await db
    .selectFrom("statements")
    .innerJoin("jurisdictions", "jurisdictions.id", "statements.jurisdiction_id")
    .select([
      "statements.id",
      "statements.slug",
      "statements.state",
      "statements.title",
      "statements.summary",
      "statements.preamble",
      "statements.call_to_residents",
      "statements.ask_of_officials",
      "statements.pledge",
      "statements.title_es",
      "statements.summary_es",
      "statements.preamble_es",
      "statements.call_to_residents_es",
      "statements.ask_of_officials_es",
      "statements.pledge_es",
      "statements.goal",
      "statements.deadline",
      "statements.ask_ward",
      "statements.version_hash",
      "statements.published_at",
      "statements.closed_at",
      "statements.jurisdiction_id",
      "jurisdictions.name as jurisdiction",
    ])
    .$if(slug !== undefined, (qb) => qb.where("statements.slug", "=", slug!))
    .$if(id !== undefined, (qb) => qb.where("statements.id", "=", id!))
    .$if(publicOnly, (qb) => qb.where("statements.state", "in", PUBLIC_STATEMENT_STATES))
    .executeTakeFirst();
  if (!statement) return null;

  const [count, officials, wards, recent] = await Promise.all([
    db
      .selectFrom("statement_count_shards")
      .select(sql<number>`coalesce(sum(verified), 0)::int`.as("n"))
      .where("statement_id", "=", statement.id)
      .executeTakeFirst(),
    db
      .selectFrom("statement_officials")
      .innerJoin("officials", "officials.id", "statement_officials.official_id")
      .leftJoin("wards", "wards.id", "officials.ward_id")
      .select(["officials.id", "officials.name", "officials.office", "wards.name as ward"])
      .where("statement_officials.statement_id", "=", statement.id)
      .orderBy(sql`case officials.office when 'mayor' then 0 when 'ward_councilor' then 1 when 'at_large_councilor' then 2 else 3 end`)
      .orderBy(sql`wards.position nulls last`)
      .orderBy("officials.name")
      .execute(),
    statement.ask_ward
      ? db.selectFrom("wards").select(["id", "name"]).where("jurisdiction_id", "=", statement.jurisdiction_id).orderBy("position").orderBy("name").execute()
      : Promise.resolve([]),
    db
      .selectFrom("signatures")
      .select(["name", "display", "verified_at"])
      .where("statement_id", "=", statement.id)
      .where("state", "=", "verified")
      .where("display", "<>", "private")
      .orderBy("verified_at", "desc")
      .limit(RECENT_SIGNERS)
      .execute(),
  ]);

  return {
    id: statement.id,
    slug: statement.slug,
    state: statement.state,
    title: statement.title,
    summary: statement.summary,
    preamble: statement.preamble,
    callToResidents: statement.call_to_residents,
    askOfOfficials: statement.ask_of_officials,
    pledge: statement.pledge,
    /** The organizer's Spanish translation, part of the published (hashed) text; null when there is none. */
    translation: translationOf(statement),
    jurisdiction: statement.jurisdiction,
    goal: statement.goal,
    deadline: statement.deadline ? new Date(statement.deadline).toISOString() : null,
    publishedAt: statement.published_at ? new Date(statement.published_at).toISOString() : null,
    closedAt: statement.closed_at ? new Date(statement.closed_at).toISOString() : null,
    versionHash: statement.version_hash ?? "",
    verified: count?.n ?? 0,
    acceptsSignatures: acceptsSignatures(statement.state),
    officials: officials.map((o) => ({ name: o.name, office: o.office as Office, ward: o.ward })),
    askWard: statement.ask_ward && wards.length > 0,
    /** The ward choices of the sign form; empty when the statement does not ask. */
    wards: wards.map((w) => ({ id: w.id, name: w.name })),
    recentSigners: recent.map((r) => ({
      name: publicName(r.name, r.display)!,
      signedAt: new Date(r.verified_at!).toISOString(),
    })),
  };
}
export type PublicStatement = NonNullable<Awaited<ReturnType<typeof loadStatementPage>>>;

/** The verified count of a public statement, or null when there is none to show. */
export async function publicVerifiedCount({ slug }: { slug: string }, db: Executor = getReadDb()): Promise<number | null> {
  const row = await db
    .selectFrom("statements")
    .leftJoin("statement_count_shards", "statement_count_shards.statement_id", "statements.id")
    .select(sql<number>`coalesce(sum(statement_count_shards.verified), 0)::int`.as("n"))
    .where("statements.slug", "=", slug)
    .where("statements.state", "in", PUBLIC_STATEMENT_STATES)
    .groupBy("statements.id")
    .executeTakeFirst();
  return row ? row.n : null;
}

/** getPublicStatement, up to a second old. */
export function cachedPublicStatement({ slug }: { slug: string }) {
  return publicRead("statement", slug, () => getPublicStatement({ slug }));
}

/** publicVerifiedCount, up to a second old. */
export function cachedPublicVerifiedCount({ slug }: { slug: string }) {
  return publicRead("count", slug, () => publicVerifiedCount({ slug }));
}

/** The title of a public statement, for the pages around signing. */
export async function findPublicStatementTitle({ slug }: { slug: string }, db: Executor = getReadDb()) {
  return db
    .selectFrom("statements")
    .select(["slug", "title", "title_es", "state"])
    .where("slug", "=", slug)
    .where("state", "in", PUBLIC_STATEMENT_STATES)
    .executeTakeFirst();
}
