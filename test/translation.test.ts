import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { canonicalStatementText, translationOf } from "../app/statements/text";
import { contentOf } from "../app/statements/text";
import { createDraft } from "../app/statements/drafts.server";
import { sha256Hex } from "~/utils/crypto.server";
import { useApp } from "./support/app";
import { createJurisdiction, createOpenStatement, createSession, createUser, draftFields, spanishHateFree } from "./support/factories";
import { escapeHtml, fieldError } from "./support/forms";
import { createPendingSignature } from "./support/signature-factories";

const app = useApp();

let translated: Awaited<ReturnType<typeof createOpenStatement>>;
const spanish = spanishHateFree();

beforeAll(async () => {
  translated = await createOpenStatement({ translation: spanish });
});

const db = () => getDb();
const statementRow = (id: number) => db().selectFrom("statements").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const inSpanish = { "accept-language": "es-MX,es;q=0.9" };
/** The page as rendered, without the data Remix ships alongside for hydration. */
const rendered = (html: string) => html.split("</main>")[0];
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers });

describe("a statement's Spanish translation", () => {
  it("is signed with the original: the version hash covers both, and the database refuses to change it", async () => {
    const row = await statementRow(translated.statement.id);
    const canonical = canonicalStatementText({ ...contentOf(row), jurisdiction: translated.jurisdiction.name, translation: translationOf(row) });
    expect(row.canonical_text).toBe(canonical);
    expect(row.canonical_text).toContain(`Pledge (es): ${spanish.pledge}`);
    expect(row.version_hash).toBe(sha256Hex(canonical));
    await expect(sql`update statements set title_es = 'Otro título' where id = ${row.id}`.execute(db())).rejects.toThrow(/cannot change/);
    await expect(sql`update statements set preamble_es = '[]'::jsonb where id = ${row.id}`.execute(db())).rejects.toThrow(/cannot change/);
  });

  it("is what Spanish readers see on the public page, with the original one click away", async () => {
    const path = `/statements/${translated.statement.slug}`;
    const es = rendered(await (await get(path, inSpanish)).text());
    expect(es).toContain(`<h1>${escapeHtml(spanish.title)}</h1>`);
    expect(es).toContain(escapeHtml(spanish.pledge));
    expect(es).not.toContain(escapeHtml(translated.statement.pledge));
    expect(es).toContain("Leer el original (en inglés)");

    const original = rendered(await (await get(`${path}?original=1`, inSpanish)).text());
    expect(original).toContain(`<h1>${escapeHtml(translated.statement.title)}</h1>`);
    // The English words are marked as English inside the Spanish page.
    expect(original).toMatch(/<div lang="en"><h1>/);
    expect(original).toContain("Leerla en español");

    const en = rendered(await (await get(path)).text());
    expect(en).toContain(`<h1>${escapeHtml(translated.statement.title)}</h1>`);
    expect(en).not.toContain(escapeHtml(spanish.title));
  });

  it("is what the embed shows Spanish readers", async () => {
    const html = await (await get(`/statements/${translated.statement.slug}/embed`, inSpanish)).text();
    expect(html).toContain(`<h1>${escapeHtml(spanish.title)}</h1>`);
    expect(html).toContain(`/statements/${translated.statement.slug}?original=1`);
  });

  it("is in the public JSON for readers who ask for Spanish, beside the original", async () => {
    const path = `/api/statements/${translated.statement.slug}`;
    const asked = await get(`${path}?lang=es`);
    expect(asked.headers.get("vary")).toContain("Accept-Language");
    const es = await asked.json();
    expect(es).toMatchObject({ language: "es", title: spanish.title, pledge: spanish.pledge, original: { language: "en", title: translated.statement.title } });
    expect(es.translations.es).toEqual(spanish);
    expect(await (await get(path, inSpanish)).json()).toMatchObject({ language: "es", title: spanish.title });
    expect(await (await get(path)).json()).toMatchObject({ language: "en", title: translated.statement.title });
  });

  it("titles a Spanish signer's emails and the pages their links open", async () => {
    const signer = await createPendingSignature({ slug: translated.statement.slug, locale: "es" });
    const mail = await db().selectFrom("outbox").select(["subject"]).where("to_address", "=", signer.email).executeTakeFirstOrThrow();
    expect(mail.subject).toBe(`Confirme su firma: ${spanish.title}`);
    const page = await (await get(`/signatures/verify?token=${signer.token}`, inSpanish)).text();
    expect(page).toContain(`Está confirmando su firma en «${escapeHtml(spanish.title)}»`);
  });
});

describe("the organizer's draft form", () => {
  async function setup() {
    const user = await createUser();
    const session = await createSession(user.id);
    const place = await createJurisdiction();
    const result = await createDraft({ userId: user.id, templateId: "hate-free-pledge", jurisdictionId: place.jurisdiction.id });
    if (result.status !== "ok") throw new Error("no draft");
    const s = result.statement;
    const fields = draftFields(s, session.csrf, { askWard: false, deliveryTrigger: "manual", keepCollecting: false, officialIds: place.officials.map((o) => o.id) });
    return { session, draft: s, fields, url: `${app.url}/organize/statements/${s.id}` };
  }

  it("saves a translation beside the text, and refuses to publish half of one, naming each box", async () => {
    const { session, draft, fields, url } = await setup();
    const saved = await app.postForm(url, { ...fields, intent: "save", titleEs: spanish.title, preambleEs: spanish.preamble.slice(0, 2) }, session.cookie);
    expect(saved.status).toBe(302);
    // Each reason's translation stays beside it, even before all are written.
    expect(await statementRow(draft.id)).toMatchObject({ title_es: spanish.title, preamble_es: [...spanish.preamble.slice(0, 2), "", ""], pledge_es: "" });

    const refused = await app.postForm(url, { ...fields, intent: "publish", titleEs: spanish.title, preambleEs: spanish.preamble.slice(0, 2) }, session.cookie);
    expect(fieldError(refused.html, "summaryEs")).toBe("Translate this too, or empty every Spanish box");
    expect(fieldError(refused.html, "preambleEs")).toBe("Translate every reason, or empty every Spanish box");
    expect(refused.html).toContain('id="summaryEs" name="summaryEs"');
    expect((await statementRow(draft.id)).state).toBe("draft");

    const whole = {
      titleEs: spanish.title,
      summaryEs: spanish.summary,
      preambleEs: spanish.preamble,
      callToResidentsEs: spanish.callToResidents,
      askOfOfficialsEs: spanish.askOfOfficials,
      pledgeEs: spanish.pledge,
    };
    const published = await app.postForm(url, { ...fields, intent: "publish", ...whole }, session.cookie);
    expect(published.location).toBe(`/organize/statements/${draft.id}?notice=published`);
    const row = await statementRow(draft.id);
    expect(row.state).toBe("open");
    expect(translationOf(row)).toEqual(spanish);
    expect(row.canonical_text).toContain(`Title (es): ${spanish.title}`);
  });

  it("in Spanish, labels every field and message in Spanish", async () => {
    const { session, fields, url } = await setup();
    const refused = await fetch(url, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${session.cookie}; lang=es` },
      body: new URLSearchParams({ ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])), goal: "0", intent: "save" }),
    });
    const html = await refused.text();
    expect(fieldError(html, "goal")).toBe("La meta debe ser al menos 1");
    expect(html).toContain("Hay un problema");
    expect(html).toContain("Traducción al español (opcional)");
  });
});

describe("the manage page of a published statement", () => {
  it("offers the embed snippet and the count's address to copy, each in a labelled read-only box", async () => {
    const session = await createSession(translated.owner.id);
    const { html } = await app.getPage(`/organize/statements/${translated.statement.id}`, session.cookie);
    const embedUrl = `${app.url}/statements/${translated.statement.slug}/embed`;
    expect(html).toContain('<label for="embed-code">Embed code</label>');
    expect(html).toMatch(/<textarea id="embed-code" readonly="" rows="4" class="code" aria-describedby="embed-code-hint">/);
    expect(html).toContain(escapeHtml(`<iframe src="${embedUrl}" title="Sign: ${escapeHtml(translated.statement.title)}"`));
    expect(html).toContain('<label for="count-url">Live count (JSON)</label>');
    expect(html).toContain(`value="${app.url}/statements/${translated.statement.slug}/count"`);
    // The snippet works: the count it points at answers, and the embed may be framed.
    expect(await (await get(`/statements/${translated.statement.slug}/count`)).json()).toEqual({ verified: expect.any(Number) });
    expect((await get(`/statements/${translated.statement.slug}/embed`)).headers.get("content-security-policy")).toContain("frame-ancestors *");
  });
});

describe("organizer emails", () => {
  it("sends the sign-in link in the language of the page that asked for it", async () => {
    const res = await fetch(`${app.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", ...inSpanish },
      body: new URLSearchParams({ email: "lectora@example.org", redirectTo: "/organize" }),
    });
    expect(res.status).toBe(302);
    const mail = await db().selectFrom("outbox").select(["subject", "text_body"]).where("to_address", "=", "lectora@example.org").executeTakeFirstOrThrow();
    expect(mail.subject).toBe("Su enlace para iniciar sesión en Undersigned");
    expect(mail.text_body).toContain("Funciona una vez y vence en 15 minutos.");
  });
});
