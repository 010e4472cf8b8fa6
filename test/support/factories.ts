import { randomBytes } from "node:crypto";
import { getDb } from "~/db.server";
import type { StatementContent } from "../../app/statements/text";
import { publishStatement } from "../../app/statements/publish.server";
import { draftValuesFromStatement } from "../../app/statements/draft-form";
import { findTemplate } from "../../app/statements/templates";
import { newToken } from "~/utils/crypto.server";
import type { Executor, Statement } from "../../db/types";
import type { Fields } from "./forms";

const unique = () => randomBytes(4).toString("hex");

export async function createUser({ email = `organizer-${unique()}@example.org`, name = null as string | null } = {}, db: Executor = getDb()) {
  return db.insertInto("users").values({ email, name }).returningAll().executeTakeFirstOrThrow();
}

/** A signed-in session for `userId`: the cookie header value and CSRF token. */
export async function createSession(userId: number, db: Executor = getDb()) {
  const session = newToken();
  const csrf = newToken();
  await db
    .insertInto("sessions")
    .values({ token_hash: session.hash, csrf_token: csrf.token, user_id: userId, expires_at: new Date(Date.now() + 86_400_000) })
    .execute();
  return { cookie: `__session=${encodeURIComponent(session.token)}`, token: session.token, csrf: csrf.token };
}

/** A city with `wards` wards, a mayor, one councilor a ward and two at-large. */
export async function createJurisdiction({ name = `Testville ${unique()}`, wards = 3 } = {}, db: Executor = getDb()) {
  const j = await db
    .insertInto("jurisdictions")
    .values({ slug: `testville-${unique()}`, name })
    .returningAll()
    .executeTakeFirstOrThrow();
  const wardRows = await db
    .insertInto("wards")
    .values(Array.from({ length: wards }, (_, i) => ({ jurisdiction_id: j.id, name: `Ward ${i + 1}`, position: i })))
    .returningAll()
    .execute();
  const officials = await db
    .insertInto("officials")
    .values([
      { jurisdiction_id: j.id, name: "Mayor Test", office: "mayor" as const, ward_id: null, email: `mayor-${unique()}@example.org` },
      ...wardRows.map((w, i) => ({
        jurisdiction_id: j.id,
        name: `Councilor ${i + 1}`,
        office: "ward_councilor" as const,
        ward_id: w.id,
        email: `ward${i + 1}-${unique()}@example.org`,
      })),
      ...[1, 2].map((i) => ({
        jurisdiction_id: j.id,
        name: `At-large Councilor ${i}`,
        office: "at_large_councilor" as const,
        ward_id: null,
        email: `atlarge${i}-${unique()}@example.org`,
      })),
    ])
    .returningAll()
    .execute();
  return { jurisdiction: j, wards: wardRows, officials };
}

/**
 * A statement from the hate-free template, owned by `ownerId`, going to every
 * official of the jurisdiction; published (open) unless `publish` is false.
 */
export async function createStatement(
  {
    ownerId,
    jurisdictionId,
    officialIds,
    publish = true,
    goal = 100,
    askWard = true,
    slug = `statement-${unique()}`,
    translation,
  }: {
    ownerId: number;
    jurisdictionId: number;
    officialIds: number[];
    publish?: boolean;
    goal?: number;
    askWard?: boolean;
    slug?: string;
    /** The organizer's Spanish translation. */
    translation?: StatementContent;
  },
  db: Executor = getDb(),
) {
  const c = findTemplate("hate-free-pledge").content("Testville");
  const s = await db
    .insertInto("statements")
    .values({
      slug,
      jurisdiction_id: jurisdictionId,
      template: "hate-free-pledge",
      title: c.title,
      summary: c.summary,
      preamble: c.preamble,
      call_to_residents: c.callToResidents,
      ask_of_officials: c.askOfOfficials,
      pledge: c.pledge,
      goal,
      ask_ward: askWard,
      ...(translation
        ? {
            title_es: translation.title,
            summary_es: translation.summary,
            preamble_es: translation.preamble,
            call_to_residents_es: translation.callToResidents,
            ask_of_officials_es: translation.askOfOfficials,
            pledge_es: translation.pledge,
          }
        : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.insertInto("statement_organizers").values({ statement_id: s.id, user_id: ownerId, role: "owner" }).execute();
  if (officialIds.length)
    await db.insertInto("statement_officials").values(officialIds.map((official_id) => ({ statement_id: s.id, official_id }))).execute();
  if (!publish) return s;
  return publishStatement({ id: s.id, moderation: "off" }, db);
}

/** Everything a test of a published statement needs. */
export async function createOpenStatement(opts: { goal?: number; askWard?: boolean; wards?: number; translation?: StatementContent } = {}) {
  const owner = await createUser();
  const { jurisdiction, wards, officials } = await createJurisdiction({ wards: opts.wards ?? 3 });
  const statement = await createStatement({
    ownerId: owner.id,
    jurisdictionId: jurisdiction.id,
    officialIds: officials.map((o) => o.id),
    goal: opts.goal,
    askWard: opts.askWard,
    translation: opts.translation,
  });
  return { owner, jurisdiction, wards, officials, statement };
}

/** A Spanish translation of the hate-free template, as an organizer might write it. */
export function spanishHateFree(place = "Testville"): StatementContent {
  return {
    title: `${place} es una comunidad libre de odio`,
    summary: `Los residentes de ${place} se comprometen a no participar en el odio y a frenar la discriminación cuando la vean.`,
    preamble: [
      `Pintadas de odio y actos de intimidación han atacado hace poco a nuestros vecinos de ${place};`,
      "La intolerancia hace que la gente tenga miedo de vivir su vida, y los jóvenes nos dicen que no se sienten escuchados ni seguros;",
      "Los residentes inmigrantes que temen ser expuestos pueden tener miedo de denunciar delitos, lo que erosiona la confianza que nos protege a todos;",
      `La gente de ${place} cree que todo residente merece dignidad, seguridad e igualdad ante la ley;`,
    ],
    callToResidents: `Pedimos a cada residente de ${place} que no participe en el odio de ninguna forma y que frene toda discriminación que vea.`,
    askOfOfficials: `Pedimos al alcalde y al concejo municipal que afirmen que ${place} es una comunidad libre de odio.`,
    pledge: "Me comprometo a no participar en el odio y a alzar la voz contra la discriminación cada vez que la vea.",
  };
}

/** The draft form as a browser posts it for a stored statement (the page's own values), with changes. */
export function draftFields(s: Statement, csrf: string, changes: Fields = {}): Fields {
  return { csrf, ...draftValuesFromStatement(s, []), ...changes };
}
