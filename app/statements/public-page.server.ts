import type { Executor } from "../../db/types";
import { getDb, getReadDb } from "~/db.server";
import type { Office } from "../../db/states";
import { acceptsSignatures, PUBLIC_STATEMENT_STATES, publicName } from "~/signing/signatures";
import { PUBLICLY_NAMED } from "~/signing/who-sees-what";
import { publicVerifiedCount, verifiedCount } from "~/signing/verified-count.server";
import { inOfficialOrder } from "~/officials/office-rank.server";
import { publicRead } from "./public-reads.server";
import { translationOf } from "./text";

// The public page's read model: what the statement page, its embed and its
// JSON show (and the organizer's preview of it), the cached readers a read
// surge goes through, and the title the pages around signing show.

const RECENT_SIGNERS = 10;

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
    verifiedCount(statement.id, db),
    db
      .selectFrom("statement_officials")
      .innerJoin("officials", "officials.id", "statement_officials.official_id")
      .leftJoin("wards", "wards.id", "officials.ward_id")
      .select(["officials.id", "officials.name", "officials.office", "wards.name as ward"])
      .where("statement_officials.statement_id", "=", statement.id)
      .$call(inOfficialOrder({ office: "officials.office", wardPosition: "wards.position", name: "officials.name" }))
      .execute(),
    statement.ask_ward
      ? db.selectFrom("wards").select(["id", "name"]).where("jurisdiction_id", "=", statement.jurisdiction_id).orderBy("position").orderBy("name").execute()
      : Promise.resolve([]),
    db
      .selectFrom("signatures")
      .select(["name", "display", "verified_at"])
      .where("statement_id", "=", statement.id)
      .where("state", "=", "verified")
      .where("display", "in", PUBLICLY_NAMED)
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
    verified: count,
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
