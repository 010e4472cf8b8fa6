import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Executor, Statement } from "../../db/types";
import { getDb, inTransaction, isUniqueViolation } from "~/db.server";
import { isPublicState } from "~/signing/signatures";
import { conflict, notFound } from "~/utils/domain-error";
import { isId } from "~/utils/ids";
import { SLUG_MAX, SLUG_TAKEN } from "./draft-form";
import type { Draft } from "./draft-input.server";
import { canBeCopied, deadlineEnd, isEditable } from "./lifecycle";
import { findTemplate, type StatementTemplate } from "./templates";
import { placeName, slugify } from "./text";

// An organizer's drafts: starting one from a template, saving it, copying a
// closed statement into a new one. Publishing is in publish.server.ts, which
// saves through the same steps (lockOrganized, writeDraft, withSlugRace,
// officialIdsOf): they are exported for it, not for routes.

/** Refused changes to published text: the same words whichever way a request reaches them. */
export const statementLocked = () => conflict("This statement is published: its text can no longer change.");
const notCopyable = () => conflict("Only a closed statement can be copied into a new draft.");

/** The statement, locked for this transaction, if `userId` organizes it. */
export async function lockOrganized({ statementId, userId }: { statementId: number; userId: number }, trx: Executor) {
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
  // A long base is shortened to make room for its number: read everything the shortened form may collide with.
  const stem = base.slice(0, SLUG_MAX - 8);
  const rows = await db
    .selectFrom("statements")
    .select("slug")
    .where("slug", "like", `${stem}%`)
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

/**
 * The other statement holding `slug`, if any, and whether the organizers of
 * `statementId` may know it exists: it is public, or one of them organizes it.
 */
async function slugHolder({ slug, statementId }: { slug: string; statementId: number }, db: Executor) {
  const holder = await db
    .selectFrom("statements as s")
    .select((eb) => [
      "s.state",
      eb
        .exists(
          eb
            .selectFrom("statement_organizers as theirs")
            .innerJoin("statement_organizers as ours", "ours.user_id", "theirs.user_id")
            .select("theirs.user_id")
            .whereRef("theirs.statement_id", "=", "s.id")
            .where("ours.statement_id", "=", statementId),
        )
        .as("shared"),
    ])
    .where("s.slug", "=", slug)
    .where("s.id", "!=", statementId)
    .executeTakeFirst();
  return holder && { visible: isPublicState(holder.state) || Boolean(holder.shared) };
}

/** Problems keyed by the field they belong beside; values are catalog keys. */
export type FieldProblems = Record<string, string>;
/** On a refused publish that saved the draft first, `statement` is what was saved. */
export type DraftResult = { status: "ok"; statement: Statement } | { status: "invalid"; errors: FieldProblems; statement?: Statement };

/** A new draft from a template, owned by `userId`. */
export async function createDraft(
  { userId, templateId, jurisdictionId }: { userId: number; templateId: StatementTemplate["id"]; jurisdictionId: number },
  db: Executor = getDb(),
): Promise<DraftResult> {
  const jurisdiction = await db.selectFrom("jurisdictions").select(["id", "name"]).where("id", "=", jurisdictionId).executeTakeFirst();
  if (!jurisdiction) return { status: "invalid", errors: { jurisdictionId: "draft.error.jurisdiction" } };
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
        return { status: "ok" as const, statement };
      });
    } catch (e) {
      if (attempt < 3 && !db.isTransaction && isUniqueViolation(e, "statements_slug_key")) continue;
      throw e;
    }
  }
}

/** Writes a checked draft over an editable statement the caller has locked. */
export async function writeDraft(current: Statement, draft: Draft, trx: Executor): Promise<DraftResult> {
  const errors: FieldProblems = {};
  const jurisdiction = await trx.selectFrom("jurisdictions").select("id").where("id", "=", draft.jurisdictionId).executeTakeFirst();
  if (!jurisdiction) errors.jurisdictionId = "draft.error.jurisdiction";
  let slug = current.slug;
  // A web address the app made from the old title follows the title, until the organizer picks their own.
  const followsTitle =
    draft.title !== current.title && draft.slug === current.slug && slugMadeFrom(current.title, current.slug);
  if (draft.slug && !followsTitle) {
    const holder = await slugHolder({ slug: draft.slug, statementId: current.id }, trx);
    // "Taken" only where the organizer could see the holder anyway (a public
    // page, or a statement they organize too); another organizer's draft gets
    // a numbered address instead, and stays unseen.
    if (holder?.visible) errors.slug = SLUG_TAKEN;
    slug = holder ? await freeSlug(draft.slug, trx, current.id) : draft.slug;
  } else if (draft.title) {
    slug = await freeSlug(slugify(draft.title), trx, current.id);
  }
  if (Object.keys(errors).length) return { status: "invalid", errors };

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
  return { status: "ok", statement };
}

/** Runs a draft change, turning a lost race for a web address into a field error. */
export async function withSlugRace(db: Executor, change: () => Promise<DraftResult>): Promise<DraftResult> {
  try {
    return await change();
  } catch (e) {
    if (!db.isTransaction && isUniqueViolation(e, "statements_slug_key")) return { status: "invalid", errors: { slug: SLUG_TAKEN } };
    throw e;
  }
}

/**
 * Saves a draft. Refuses (a conflict) once the statement is
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
      if (!isEditable(current.state)) throw statementLocked();
      return writeDraft(current, draft, trx);
    }),
  );
}

/** The statement's recipients' ids; only those not retired with `activeOnly`. */
export async function officialIdsOf(statementId: number, db: Executor, { activeOnly = false } = {}) {
  const rows = await db
    .selectFrom("statement_officials")
    .innerJoin("officials", "officials.id", "statement_officials.official_id")
    .select("officials.id")
    .where("statement_officials.statement_id", "=", statementId)
    .$if(activeOnly, (q) => q.where("officials.retired_at", "is", null))
    .execute();
  return rows.map((r) => r.id);
}

/** A closed statement's words, officials and settings as a new draft owned by `userId`. */
export async function copyStatement(
  { statementId, userId }: { statementId: number; userId: number },
  db: Executor = getDb(),
): Promise<Statement> {
  return inTransaction(db, async (trx) => {
    const source = await lockOrganized({ statementId, userId }, trx);
    if (!source) throw notFound();
    if (!canBeCopied(source.state)) throw notCopyable();
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
