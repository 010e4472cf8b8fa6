import type { Executor } from "../../db/types";
import { getDb, getReadDb } from "~/db.server";
import type { Office } from "../../db/states";
import { acceptsSignatures, PUBLIC_STATEMENT_STATES, publicName } from "~/signing/signatures";
import { publicVerifiedCount, verifiedCount } from "~/signing/verified-count.server";
import { inOfficialOrder } from "~/officials/office-rank.server";
import { publicRead } from "./public-reads.server";
import { columnsOf } from "~/utils/columns";
import type { Locale } from "~/i18n/core";
import { statementTextFor, translationOf } from "./text";

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
      ...columnsOf("statements", [
        "id", "slug", "state", "title", "summary", "preamble", "call_to_residents", "ask_of_officials", "pledge",
        "title_es", "summary_es", "preamble_es", "call_to_residents_es", "ask_of_officials_es", "pledge_es",
        "goal", "deadline", "ask_ward", "version_hash", "published_at", "closed_at", "jurisdiction_id",
      ]),
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

/** The statement's words as one reader's page shows them: statementTextFor's choice of language. */
export type ShownText = ReturnType<typeof statementTextFor>;

/**
 * What one reader's page of a statement needs: its words in the language
 * shown only (not the original and the translation both), and none of the
 * dates the page does not show. The page, its embed, the organizer's
 * preview and the moderation queue send this to the browser.
 */
const PAGE_FIELDS = ["id", "slug", "state", "jurisdiction", "goal", "deadline", "versionHash", "verified", "acceptsSignatures", "officials", "askWard", "wards", "recentSigners"] as const;
export type StatementPage = Pick<PublicStatement, (typeof PAGE_FIELDS)[number]> & { shown: ShownText };

// A read surge reuses one cached statement object a second per process: its
// page per language and choice is made once for all those readers.
const pages = new WeakMap<PublicStatement, Map<string, StatementPage>>();

export function statementPageFor(statement: PublicStatement, locale: Locale, { original = false }: { original?: boolean } = {}): StatementPage {
  let made = pages.get(statement);
  if (!made) pages.set(statement, (made = new Map()));
  const key = `${locale}:${original}`;
  let page = made.get(key);
  if (!page) {
    const shared = Object.fromEntries(PAGE_FIELDS.map((field) => [field, statement[field]]));
    made.set(key, (page = { ...shared, shown: statementTextFor(statement, locale, { original }) } as StatementPage));
  }
  return page;
}

/**
 * A public statement's page for a reader in `locale`, up to a second old
 * (the page and its embed), with the full statement its loader may need; null
 * when there is no such public statement.
 */
export async function readerStatementPage({ slug, locale, original = false }: { slug: string; locale: Locale; original?: boolean }) {
  const statement = await cachedPublicStatement({ slug });
  return statement && { statement, page: statementPageFor(statement, locale, { original }) };
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
