import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Executor, Statement } from "../../db/types";
import { getDb, getReadDb, inTransaction, isUniqueViolation } from "~/db.server";
import { appUrl, env } from "~/env.server";
import { sha256Hex } from "~/utils/crypto.server";
import { isId } from "~/utils/ids";
import { changingPublicPages } from "./public-reads.server";
import { enqueueEmails } from "~/mail/outbox.server";
import {
  canBeCopied,
  canonicalStatementText,
  deadlineEnd,
  draftFromStatement,
  isEditable,
  placeName,
  publishProblems,
  SLUG_MAX,
  SLUG_TAKEN,
  slugify,
  translationOf,
  type Draft,
  type StatementContent,
} from "./statements";
import type { DiscoverySort } from "./discovery";
import type { StatementState } from "../../db/states";
import { findTemplate, type StatementTemplate } from "./templates";

export const COUNT_SHARDS = 16;

export function contentOf(s: Statement): StatementContent {
  return {
    title: s.title,
    summary: s.summary,
    preamble: s.preamble,
    callToResidents: s.call_to_residents,
    askOfOfficials: s.ask_of_officials,
    pledge: s.pledge,
  };
}

/**
 * Publishes a complete draft: freezes its text under a SHA-256 version hash
 * and opens it for signatures (or sends it to moderation). Callers validate
 * the draft first; this only refuses a statement that is not a draft.
 */
export async function publishStatement(
  { id, moderation = env().MODERATION }: { id: number; moderation?: "required" | "off" },
  db: Executor = getDb(),
): Promise<Statement> {
  const run = async (trx: Executor) => {
    const statement = await trx
      .selectFrom("statements")
      .selectAll()
      .where("id", "=", id)
      .where("state", "in", ["draft", "rejected"])
      .forUpdate()
      .executeTakeFirst();
    if (!statement) throw new StatementNotEditable();
    const jurisdiction = await trx
      .selectFrom("jurisdictions")
      .select("name")
      .where("id", "=", statement.jurisdiction_id)
      .executeTakeFirstOrThrow();
    const canonical = canonicalStatementText({ ...contentOf(statement), jurisdiction: jurisdiction.name, translation: translationOf(statement) });
    const state: StatementState = moderation === "required" ? "in_review" : "open";
    const updated = await trx
      .updateTable("statements")
      .set({
        state,
        canonical_text: canonical,
        version_hash: sha256Hex(canonical),
        published_at: sql`now()`,
        opened_at: state === "open" ? sql`now()` : null,
        rejection_reason: null,
        updated_at: sql`now()`,
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("statement_count_shards")
      .values(Array.from({ length: COUNT_SHARDS }, (_, shard) => ({ statement_id: id, shard, verified: 0 })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    return updated;
  };
  return changingPublicPages(inTransaction(db, run));
}

export class StatementNotEditable extends Error {
  constructor() {
    super("This statement is published: its text can no longer change.");
  }
}

export async function findStatementBySlug(slug: string, db: Executor = getReadDb()) {
  return db.selectFrom("statements").selectAll().where("slug", "=", slug).executeTakeFirst();
}

/** The exact verified count: the sum of the statement's counter shards. */
export async function verifiedCount(statementId: number, db: Executor = getReadDb()): Promise<number> {
  const row = await db
    .selectFrom("statement_count_shards")
    .select(sql<number>`coalesce(sum(verified), 0)::int`.as("n"))
    .where("statement_id", "=", statementId)
    .executeTakeFirst();
  return row?.n ?? 0;
}

// ---------------------------------------------------------------------------
// Discovery: the home page's lists and search, and the feed of new statements.

const verifiedSum = sql<number>`coalesce((select sum(verified) from statement_count_shards where statement_id = statements.id), 0)::int`;

/** `%`, `_` and the backslash are special to LIKE: a search for "100%" means the text "100%". */
function containsPattern(text: string) {
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

/**
 * Open statements for the home page: searched by title (substring, any
 * case) and place (jurisdiction slug), ordered by the chosen sort. Closing
 * soon lists only statements with a deadline still ahead.
 */
export async function findOpenStatements(
  { sort, q = "", jurisdiction, limit = 50 }: { sort: DiscoverySort; q?: string; jurisdiction?: string; limit?: number },
  db: Executor = getReadDb(),
) {
  let query = db
    .selectFrom("statements")
    .innerJoin("jurisdictions", "jurisdictions.id", "statements.jurisdiction_id")
    .select([
      "statements.id",
      "statements.slug",
      "statements.title",
      "statements.summary",
      "statements.title_es",
      "statements.summary_es",
      "statements.goal",
      "statements.deadline",
      "statements.opened_at",
      "jurisdictions.name as jurisdiction",
      "jurisdictions.slug as jurisdictionSlug",
      verifiedSum.as("verified"),
    ])
    .where("statements.state", "=", "open");
  if (q) query = query.where("statements.title", "ilike", containsPattern(q));
  if (jurisdiction) query = query.where("jurisdictions.slug", "=", jurisdiction);
  if (sort === "closing") query = query.where("statements.deadline", ">", sql<Date>`now()`).orderBy("statements.deadline", "asc");
  else if (sort === "signed") query = query.orderBy("verified", "desc");
  return query
    .orderBy(sql`coalesce(statements.opened_at, statements.published_at)`, (ob) => ob.desc().nullsLast())
    .orderBy("statements.id", "desc")
    .limit(limit)
    .execute();
}

/** Places that have open statements, for the home page's filter. */
export async function listJurisdictionsWithOpenStatements(db: Executor = getReadDb()) {
  return db
    .selectFrom("jurisdictions")
    .select(["jurisdictions.slug", "jurisdictions.name"])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("statements")
          .select("statements.id")
          .whereRef("statements.jurisdiction_id", "=", "jurisdictions.id")
          .where("statements.state", "=", "open"),
      ),
    )
    .orderBy("jurisdictions.name")
    .execute();
}

/** The newest statements to have opened (still open or not), for the Atom feed. */
export async function listNewStatements({ limit = 30 }: { limit?: number } = {}, db: Executor = getReadDb()) {
  return db
    .selectFrom("statements")
    .innerJoin("jurisdictions", "jurisdictions.id", "statements.jurisdiction_id")
    .select(["statements.id", "statements.slug", "statements.title", "statements.summary", "statements.opened_at", "jurisdictions.name as jurisdiction"])
    .where("statements.state", "in", ["open", "closed", "delivered"])
    .where("statements.opened_at", "is not", null)
    .orderBy("statements.opened_at", "desc")
    .orderBy("statements.id", "desc")
    .limit(limit)
    .execute();
}

export async function listPublicStatements({ limit = 50 }: { limit?: number } = {}, db: Executor = getReadDb()) {
  return db
    .selectFrom("statements")
    .innerJoin("jurisdictions", "jurisdictions.id", "statements.jurisdiction_id")
    .select([
      "statements.id",
      "statements.slug",
      "statements.title",
      "statements.summary",
      "statements.state",
      "statements.goal",
      "statements.deadline",
      "statements.published_at",
      "jurisdictions.name as jurisdiction",
      verifiedSum.as("verified"),
    ])
    .where("statements.state", "in", ["open", "closed", "delivered"])
    .orderBy("statements.published_at", "desc")
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------------------
// Organizers: drafts, publishing, moderation, copies.

const notFound = () => new Response("Not found", { status: 404 });

/**
 * Turns a refused change to a published statement into a 409 for routes,
 * so no request can look as if it changed published text.
 */
export async function refuseIfLocked<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (e) {
    if (e instanceof StatementNotEditable || e instanceof StatementNotCopyable) throw new Response(e.message, { status: 409 });
    throw e;
  }
}

export class StatementNotCopyable extends Error {
  constructor() {
    super("Only a closed statement can be copied into a new draft.");
  }
}

/** The statement, locked for this transaction, if `userId` organizes it. */
async function lockOrganized({ statementId, userId }: { statementId: number; userId: number }, trx: Executor) {
  if (!isId(statementId)) return undefined;
  return trx
    .selectFrom("statements")
    .selectAll()
    .where("id", "=", statementId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("statement_organizers")
          .select("statement_organizers.user_id")
          .whereRef("statement_organizers.statement_id", "=", "statements.id")
          .where("statement_organizers.user_id", "=", userId),
      ),
    )
    .forUpdate()
    .executeTakeFirst();
}

/** A draft holds this until it has a title to take its web address from. */
const placeholderSlug = () => `draft-${randomBytes(4).toString("hex")}`;
export const isPlaceholderSlug = (slug: string) => /^draft-[0-9a-f]{8}$/.test(slug);

/** Whether `slug` is what freeSlug made of `title`. */
function slugMadeFrom(title: string, slug: string) {
  const base = slugify(title);
  const numbered = slug.match(/^(.*)-(\d+)$/);
  return slug === base || (numbered !== null && numbered[1] === base.slice(0, SLUG_MAX - numbered[2].length - 1).replace(/-+$/, ""));
}

/** `base`, or `base-2`, `base-3`… whichever no other statement uses. */
async function freeSlug(base: string, db: Executor, exceptId?: number): Promise<string> {
  const rows = await db
    .selectFrom("statements")
    .select("slug")
    .where((eb) => eb.or([eb("slug", "=", base), eb("slug", "like", `${base}-%`)]))
    .$if(exceptId !== undefined, (q) => q.where("id", "!=", exceptId!))
    .execute();
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = base.slice(0, SLUG_MAX - suffix.length).replace(/-+$/, "") + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

type FieldProblems = Record<string, string>;
/** On a refused publish that saved the draft first, `statement` is what was saved. */
export type DraftResult = { ok: true; statement: Statement } | { ok: false; errors: FieldProblems; statement?: Statement };

/** A new draft from a template, owned by `userId`. */
export async function createDraft(
  { userId, templateId, jurisdictionId }: { userId: number; templateId: StatementTemplate["id"]; jurisdictionId: number },
  db: Executor = getDb(),
): Promise<DraftResult> {
  const jurisdiction = await db.selectFrom("jurisdictions").select(["id", "name"]).where("id", "=", jurisdictionId).executeTakeFirst();
  if (!jurisdiction) return { ok: false, errors: { jurisdictionId: "draft.error.jurisdiction" } };
  const template = findTemplate(templateId);
  const content = template.content(placeName(jurisdiction.name));
  // Two organizers starting the same template at once can race for a web address: try again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(db, async (trx) => {
        const slug = content.title ? await freeSlug(slugify(content.title), trx) : placeholderSlug();
        const statement = await trx
          .insertInto("statements")
          .values({
            slug,
            jurisdiction_id: jurisdiction.id,
            template: template.id,
            title: content.title,
            summary: content.summary,
            preamble: content.preamble,
            call_to_residents: content.callToResidents,
            ask_of_officials: content.askOfOfficials,
            pledge: content.pledge,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx.insertInto("statement_organizers").values({ statement_id: statement.id, user_id: userId, role: "owner" }).execute();
        return { ok: true as const, statement };
      });
    } catch (e) {
      if (attempt < 3 && !db.isTransaction && isUniqueViolation(e, "statements_slug_key")) continue;
      throw e;
    }
  }
}

/** Writes a checked draft over an editable statement the caller has locked. */
async function writeDraft(current: Statement, draft: Draft, trx: Executor): Promise<DraftResult> {
  const errors: FieldProblems = {};
  const jurisdiction = await trx.selectFrom("jurisdictions").select("id").where("id", "=", draft.jurisdictionId).executeTakeFirst();
  if (!jurisdiction) errors.jurisdictionId = "draft.error.jurisdiction";
  let slug = current.slug;
  // A web address the app made from the old title follows the title, until the organizer picks their own.
  const followsTitle =
    draft.title !== current.title && draft.slug === current.slug && slugMadeFrom(current.title, current.slug);
  if (draft.slug && !followsTitle) {
    const taken = await trx.selectFrom("statements").select("id").where("slug", "=", draft.slug).where("id", "!=", current.id).executeTakeFirst();
    if (taken) errors.slug = SLUG_TAKEN;
    slug = draft.slug;
  } else if (draft.title) {
    slug = await freeSlug(slugify(draft.title), trx, current.id);
  }
  if (Object.keys(errors).length) return { ok: false, errors };

  const statement = await trx
    .updateTable("statements")
    .set({
      slug,
      title: draft.title,
      summary: draft.summary,
      preamble: draft.preamble.filter(Boolean),
      call_to_residents: draft.callToResidents,
      ask_of_officials: draft.askOfOfficials,
      pledge: draft.pledge,
      title_es: draft.titleEs,
      summary_es: draft.summaryEs,
      preamble_es: draft.preambleEs,
      call_to_residents_es: draft.callToResidentsEs,
      ask_of_officials_es: draft.askOfOfficialsEs,
      pledge_es: draft.pledgeEs,
      jurisdiction_id: draft.jurisdictionId,
      goal: draft.goal,
      deadline: draft.deadline ? deadlineEnd(draft.deadline) : null,
      ask_ward: draft.askWard,
      delivery_trigger: draft.deliveryTrigger,
      keep_collecting: draft.keepCollecting,
      updated_at: sql`now()`,
    })
    .where("id", "=", current.id)
    .returningAll()
    .executeTakeFirstOrThrow();

  // Only the jurisdiction's current officials: ticks left over from another
  // jurisdiction, or for someone retired meanwhile, are dropped.
  const officialIds = draft.officialIds.length
    ? (
        await trx
          .selectFrom("officials")
          .select("id")
          .where("id", "in", draft.officialIds)
          .where("jurisdiction_id", "=", draft.jurisdictionId)
          .where("retired_at", "is", null)
          .execute()
      ).map((o) => o.id)
    : [];
  await trx.deleteFrom("statement_officials").where("statement_id", "=", current.id).execute();
  if (officialIds.length)
    await trx.insertInto("statement_officials").values(officialIds.map((official_id) => ({ statement_id: current.id, official_id }))).execute();
  return { ok: true, statement };
}

/** Runs a draft change, turning a lost race for a web address into a field error. */
async function withSlugRace(db: Executor, change: () => Promise<DraftResult>): Promise<DraftResult> {
  try {
    return await change();
  } catch (e) {
    if (!db.isTransaction && isUniqueViolation(e, "statements_slug_key")) return { ok: false, errors: { slug: SLUG_TAKEN } };
    throw e;
  }
}

/**
 * Saves a draft. Refuses (StatementNotEditable) once the statement is
 * published: the row lock means a save racing a publish either lands
 * before it, and is what gets published, or is refused.
 */
export async function saveDraft(
  { statementId, userId, draft }: { statementId: number; userId: number; draft: Draft },
  db: Executor = getDb(),
): Promise<DraftResult> {
  return withSlugRace(db, () =>
    inTransaction(db, async (trx) => {
      const current = await lockOrganized({ statementId, userId }, trx);
      if (!current) throw notFound();
      if (!isEditable(current.state)) throw new StatementNotEditable();
      return writeDraft(current, draft, trx);
    }),
  );
}

async function officialIdsOf(statementId: number, db: Executor, { activeOnly = false } = {}) {
  const rows = await db
    .selectFrom("statement_officials")
    .innerJoin("officials", "officials.id", "statement_officials.official_id")
    .select("officials.id")
    .where("statement_officials.statement_id", "=", statementId)
    .$if(activeOnly, (q) => q.where("officials.retired_at", "is", null))
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Publishes a statement: saves `draft` first when given (what is on the
 * organizer's screen), checks the whole statement, then freezes its text
 * under a version hash. When something is missing the save still stands and
 * each problem comes back keyed by its field.
 */
export async function publishDraft(
  {
    statementId,
    userId,
    draft,
    moderation = env().MODERATION,
    now = new Date(),
  }: { statementId: number; userId: number; draft?: Draft; moderation?: "required" | "off"; now?: Date },
  db: Executor = getDb(),
): Promise<DraftResult> {
  return changingPublicPages(withSlugRace(db, () =>
    inTransaction(db, async (trx) => {
      const current = await lockOrganized({ statementId, userId }, trx);
      if (!current) throw notFound();
      if (!isEditable(current.state)) throw new StatementNotEditable();
      let row = current;
      if (draft) {
        const saved = await writeDraft(current, draft, trx);
        if (!saved.ok) return saved;
        row = saved.statement;
      } else {
        // Someone may have retired since the draft was saved: they no longer get it.
        const active = await officialIdsOf(statementId, trx, { activeOnly: true });
        await trx
          .deleteFrom("statement_officials")
          .where("statement_id", "=", statementId)
          .$if(active.length > 0, (q) => q.where("official_id", "not in", active))
          .execute();
      }
      const problems = publishProblems(draftFromStatement(row, await officialIdsOf(statementId, trx)), now);
      if (isPlaceholderSlug(row.slug)) problems.slug ??= "draft.error.slug.required";
      if (Object.keys(problems).length) return { ok: false, errors: problems as FieldProblems, statement: draft ? row : undefined };
      const published = await publishStatement({ id: statementId, moderation }, trx);
      if (published.state === "in_review") {
        await enqueueEmails(
          env().ADMIN_EMAILS.map((to) => ({
            kind: "moderation_requested",
            to,
            subject: "A statement is waiting for review",
            text: [
              `“${published.title}” was published and is waiting for a platform admin to review it.`,
              "",
              `Review it: ${appUrl()}/admin/moderation`,
            ].join("\n"),
          })),
          trx,
        );
      }
      return { ok: true, statement: published };
    }),
  ));
}

async function organizerEmails(statementId: number, db: Executor) {
  const rows = await db
    .selectFrom("statement_organizers")
    .innerJoin("users", "users.id", "statement_organizers.user_id")
    .select("users.email")
    .where("statement_organizers.statement_id", "=", statementId)
    .execute();
  return rows.map((r) => r.email);
}

/** Statements waiting for a moderator, oldest first, with their full text. */
export async function listModerationQueue(db: Executor = getDb()) {
  return db
    .selectFrom("statements")
    .innerJoin("jurisdictions", "jurisdictions.id", "statements.jurisdiction_id")
    .selectAll("statements")
    .select([
      "jurisdictions.name as jurisdiction",
      (eb) =>
        eb
          .selectFrom("statement_organizers")
          .innerJoin("users", "users.id", "statement_organizers.user_id")
          .select("users.email")
          .whereRef("statement_organizers.statement_id", "=", "statements.id")
          .where("statement_organizers.role", "=", "owner")
          .as("ownerEmail"),
    ])
    .where("statements.state", "=", "in_review")
    .orderBy("statements.published_at", "asc")
    .execute();
}

/**
 * A moderator's decision on a statement in review: approval opens it for
 * signatures, rejection sends it back to its organizers with the reason.
 * Its organizers are emailed either way.
 */
export async function reviewStatement(
  {
    statementId,
    reviewerId,
    decision,
    reason = null,
  }: { statementId: number; reviewerId: number; decision: "approve" | "reject"; reason?: string | null },
  db: Executor = getDb(),
): Promise<{ ok: true; statement: Statement } | { ok: false; error: string }> {
  return changingPublicPages(inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom("statements")
      .selectAll()
      .where("id", "=", statementId)
      .where("state", "=", "in_review")
      .forUpdate()
      .executeTakeFirst();
    if (!current) return { ok: false, error: "moderation.error.gone" };
    const approve = decision === "approve";
    const statement = await trx
      .updateTable("statements")
      .set({
        state: approve ? "open" : "rejected",
        opened_at: approve ? sql`now()` : null,
        rejection_reason: approve ? null : reason,
        reviewed_by: reviewerId,
        reviewed_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where("id", "=", statementId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const to = await organizerEmails(statementId, trx);
    const text = approve
      ? [
          `Your statement “${statement.title}” was approved and is now open for signatures:`,
          "",
          `${appUrl()}/statements/${statement.slug}`,
        ]
      : [
          `Your statement “${statement.title}” was not approved yet. The reviewer wrote:`,
          "",
          reason ?? "",
          "",
          `You can change it and publish it again: ${appUrl()}/organize/statements/${statement.id}`,
        ];
    await enqueueEmails(
      to.map((address) => ({
        kind: approve ? "moderation_approved" : "moderation_rejected",
        to: address,
        subject: approve ? "Your statement is open for signatures" : "Your statement needs changes before it can open",
        text: text.join("\n"),
      })),
      trx,
    );
    return { ok: true, statement };
  }));
}

/** A closed statement's words, officials and settings as a new draft owned by `userId`. */
export async function copyStatement(
  { statementId, userId }: { statementId: number; userId: number },
  db: Executor = getDb(),
): Promise<Statement> {
  return inTransaction(db, async (trx) => {
    const source = await lockOrganized({ statementId, userId }, trx);
    if (!source) throw notFound();
    if (!canBeCopied(source.state)) throw new StatementNotCopyable();
    const copy = await trx
      .insertInto("statements")
      .values({
        slug: source.title ? await freeSlug(slugify(source.title), trx) : placeholderSlug(),
        jurisdiction_id: source.jurisdiction_id,
        template: source.template,
        title: source.title,
        summary: source.summary,
        preamble: source.preamble,
        call_to_residents: source.call_to_residents,
        ask_of_officials: source.ask_of_officials,
        pledge: source.pledge,
        title_es: source.title_es,
        summary_es: source.summary_es,
        preamble_es: source.preamble_es,
        call_to_residents_es: source.call_to_residents_es,
        ask_of_officials_es: source.ask_of_officials_es,
        pledge_es: source.pledge_es,
        goal: source.goal,
        ask_ward: source.ask_ward,
        delivery_trigger: source.delivery_trigger,
        keep_collecting: source.keep_collecting,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.insertInto("statement_organizers").values({ statement_id: copy.id, user_id: userId, role: "owner" }).execute();
    const officials = await officialIdsOf(statementId, trx, { activeOnly: true });
    if (officials.length)
      await trx.insertInto("statement_officials").values(officials.map((official_id) => ({ statement_id: copy.id, official_id }))).execute();
    return copy;
  });
}

/** Every statement `userId` organizes, newest first, with its verified count. */
export async function listOrganizerStatements({ userId }: { userId: number }, db: Executor = getDb()) {
  return db
    .selectFrom("statements")
    .innerJoin("statement_organizers", "statement_organizers.statement_id", "statements.id")
    .innerJoin("jurisdictions", "jurisdictions.id", "statements.jurisdiction_id")
    .select([
      "statements.id",
      "statements.slug",
      "statements.title",
      "statements.state",
      "statements.goal",
      "statements.deadline",
      "statements.updated_at",
      "statement_organizers.role",
      "jurisdictions.name as jurisdiction",
      verifiedSum.as("verified"),
    ])
    .where("statement_organizers.user_id", "=", userId)
    .orderBy("statements.updated_at", "desc")
    .orderBy("statements.id", "desc")
    .execute();
}

/** Who a statement goes to, as signers and officials see it. */
export async function listRecipients({ statementId }: { statementId: number }, db: Executor = getDb()) {
  return db
    .selectFrom("statement_officials")
    .innerJoin("officials", "officials.id", "statement_officials.official_id")
    .leftJoin("wards", "wards.id", "officials.ward_id")
    .select(["officials.id", "officials.name", "officials.office", "wards.name as ward", "officials.retired_at"])
    .where("statement_officials.statement_id", "=", statementId)
    .orderBy(sql`case officials.office when 'mayor' then 0 when 'ward_councilor' then 1 when 'at_large_councilor' then 2 else 3 end`)
    .orderBy(sql`wards.position nulls last`)
    .orderBy("officials.name")
    .execute();
}

