import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { translate, type Locale } from "~/i18n/core";
import { AUDIENCES, NAME_WITHHELD, WHO_SEES_WHAT, type Audience, type NameShown } from "../app/signing/who-sees-what";
import { DISPLAY_CHOICES, type DisplayChoice } from "../db/states";
import { useApp } from "./support/app";
import { deliverNow, officialLinks } from "./support/delivery-factories";
import { createSignature } from "./support/campaign-factories";
import { createOpenStatement, createSession } from "./support/factories";
import { escapeHtml } from "./support/forms";
import { pdfPages } from "./support/pdf";
import { createVerifiedSignature } from "./support/signature-factories";

const app = useApp({ inProcess: true });

// The privacy matrix: for each display choice, what each reader gets of the
// signer's name, on every surface that reader has. The expectation is written
// out here, as the promise to signers; the app's rule (WHO_SEES_WHAT), every
// surface, and the table beside the sign form must all agree with it.
const PROMISE: Record<DisplayChoice, Record<Audience, NameShown>> = {
  full: { public: "full", organizers: "full", officials: "full" },
  initials: { public: "initials", organizers: "initials", officials: "initials" },
  private: { public: "none", organizers: "none", officials: "full" },
  anonymous: { public: "none", organizers: "none", officials: "withheld" },
};

/** One signer per choice; surnames no page would otherwise contain. */
const SIGNERS: Record<DisplayChoice, { name: string; initials: string; surname: string }> = {
  full: { name: "Ferda Quillonby", initials: "Ferda Q.", surname: "Quillonby" },
  initials: { name: "Priya Wide", initials: "Priya W.", surname: "Wide" },
  private: { name: "Pilar Hushwood", initials: "Pilar H.", surname: "Hushwood" },
  anonymous: { name: "Anya Nobodinov", initials: "Anya N.", surname: "Nobodinov" },
};

type Surface = { audience: Audience; where: string; text: string; lists: boolean };
let surfaces: Surface[] = [];
let slug = "";
let wardName = "";

beforeAll(async () => {
  const { owner, statement, wards } = await createOpenStatement({ wards: 2 });
  slug = statement.slug;
  wardName = wards[0].name;
  for (const display of DISPLAY_CHOICES)
    await createVerifiedSignature({ slug, name: SIGNERS[display].name, display, ward: String(wards[0].id), clientIp: `10.9.9.${DISPLAY_CHOICES.indexOf(display) + 1}` });
  const cookie = (await createSession(owner.id)).cookie;
  const text = async (path: string, headers: Record<string, string> = {}) => {
    const res = await app.fetch(path, { headers });
    expect(res.status, path).toBe(200);
    return res.text();
  };

  // Read while open (the form and its table show), then delivered.
  const page = await text(`/statements/${slug}`);
  const og = [...page.matchAll(/<meta property="og:[^"]+" content="([^"]*)"/g)].map((m) => m[1]).join("\n");
  expect(og).toContain(statement.title);
  const open: Surface[] = [
    // The whole page, with the data shipped for hydration: that is public too.
    { audience: "public", where: "public page", text: page, lists: true },
    { audience: "public", where: "OG tags", text: og, lists: false },
    { audience: "public", where: "JSON", text: await text(`/api/statements/${slug}`), lists: false },
    { audience: "public", where: "Atom feed", text: await text("/statements.atom"), lists: false },
    { audience: "public", where: "embed", text: await text(`/statements/${slug}/embed`), lists: false },
    { audience: "organizers", where: "organizer CSV", text: await text(`/organize/statements/${statement.id}/signatures.csv`, { cookie }), lists: true },
    { audience: "organizers", where: "dashboard", text: await text(`/organize/statements/${statement.id}/dashboard`, { cookie }), lists: false },
  ];

  const delivery = await deliverNow({ statementId: statement.id, userId: owner.id, reason: "manual" });
  const [official] = await officialLinks(delivery.deliveryId);
  const pdf = new Uint8Array(await (await app.fetch(`/officials/${official.token}/packet.pdf`)).arrayBuffer());
  surfaces = [
    ...open,
    { audience: "public", where: "public page (delivered)", text: await text(`/statements/${slug}`), lists: true },
    { audience: "officials", where: "packet PDF", text: (await pdfPages(pdf)).join("\n"), lists: true },
    { audience: "officials", where: "packet CSV", text: await text(`/officials/${official.token}/signatures.csv`), lists: true },
    { audience: "officials", where: "official's page", text: await text(`/officials/${official.token}`), lists: false },
  ];
});

/** The CSV line holding `needle`. */
const lineWith = (text: string, needle: string) => text.split(/\r?\n/).find((line) => line.includes(needle));

describe("the privacy matrix", () => {
  it("is the app's own rule", () => {
    expect(WHO_SEES_WHAT).toEqual(PROMISE);
  });

  for (const display of DISPLAY_CHOICES)
    it(`gives each reader of a ${display} signer exactly what was promised`, () => {
      const s = SIGNERS[display];
      expect(surfaces.map((x) => x.where)).toHaveLength(11);
      for (const surface of surfaces) {
        const shown = PROMISE[display][surface.audience];
        const at = `${display} on the ${surface.where}`;
        if (shown === "full") {
          if (surface.lists) expect(surface.text, at).toContain(s.name);
          continue;
        }
        // Anything short of the full name: never the full name, never the surname.
        expect(surface.text, at).not.toContain(s.name);
        expect(surface.text, at).not.toContain(s.surname);
        if (shown === "initials" && surface.lists) expect(surface.text, at).toContain(s.initials);
        if (shown === "none" || shown === "withheld") expect(surface.text, at).not.toContain(s.initials);
      }
    });

  it("lists an anonymous signer to officials as withheld, with the ward, and counted", () => {
    const csv = surfaces.find((x) => x.where === "packet CSV")!.text;
    expect(lineWith(csv, NAME_WITHHELD)).toContain(`,${wardName},`);
    // The PDF's table cells, in order: number, name, ward, date.
    expect(surfaces.find((x) => x.where === "packet PDF")!.text).toContain(`${NAME_WITHHELD} ${wardName} `);
    expect(csv.trim().split(/\r?\n/)).toHaveLength(1 + DISPLAY_CHOICES.length);
    expect(surfaces.find((x) => x.where === "official's page")!.text).toContain(escapeHtml(translate("en", "official.nameWithheld")));
  });

  it("lists the organizers' unnamed signers by choice, with their ward: counted, never named", () => {
    const csv = surfaces.find((x) => x.where === "organizer CSV")!.text;
    expect(csv.trim().split(/\r?\n/)).toHaveLength(1 + DISPLAY_CHOICES.length);
    for (const display of ["private", "anonymous"] as const) expect(lineWith(csv, `,${display},`), display).toContain(wardName);
    expect(lineWith(csv, ",initials,")).toMatch(/^Priya W\.,initials,/);
  });
});

/** The table beside the sign form, cell by cell: the plain words for each choice and reader. */
function whoSeesWhatTable(html: string) {
  const table = html.match(/<section class="who-sees-what"[\s\S]*?<\/table>/)?.[0] ?? "";
  const cells: Partial<Record<DisplayChoice, Partial<Record<Audience, string>>>> = {};
  for (const row of table.matchAll(/<tr data-display="(\w+)">([\s\S]*?)<\/tr>/g))
    cells[row[1] as DisplayChoice] = Object.fromEntries([...row[2].matchAll(/<td data-audience="(\w+)"[^>]*>([^<]*)<\/td>/g)].map((c) => [c[1], c[2]]));
  return cells;
}

/** What each kind of promise must say in plain words, in each language: the packet's own words for a withheld name. */
const SAYS: Record<Locale, Record<NameShown, RegExp>> = {
  en: { full: /full name/, initials: /first name and last initial/, none: /No name, only a count/, withheld: new RegExp(`“${NAME_WITHHELD}”, with your ward`) },
  es: { full: /nombre completo/, initials: /inicial de su apellido/, none: /Ningún nombre, solo el recuento/, withheld: /«Nombre reservado por la persona firmante», con su distrito/ },
};

describe("the table beside the sign form", () => {
  for (const locale of ["en", "es"] as const)
    it(`says what the matrix shows, in ${locale}, with the public-record warning and a link to /privacy`, async () => {
      const { statement } = await createOpenStatement();
      const html = await (await app.fetch(`/statements/${statement.slug}`, { headers: { "accept-language": locale } })).text();
      const cells = whoSeesWhatTable(html);
      expect(Object.keys(cells)).toEqual([...DISPLAY_CHOICES]);
      for (const display of DISPLAY_CHOICES)
        for (const audience of AUDIENCES) expect(cells[display]?.[audience], `${display} → ${audience}`).toMatch(SAYS[locale][PROMISE[display][audience]]);
      expect(html).toContain(escapeHtml(translate(locale, "who.publicRecord")));
      expect(html).toMatch(/<a href="\/privacy"/);
    });

  it("is the same table on /privacy", async () => {
    const privacy = whoSeesWhatTable(await (await app.fetch("/privacy")).text());
    const { statement } = await createOpenStatement();
    expect(privacy).toEqual(whoSeesWhatTable(await (await app.fetch(`/statements/${statement.slug}`)).text()));
  });

  it("offers the anonymous choice, which the form accepts and stores", async () => {
    const { statement } = await createOpenStatement({ askWard: false });
    const html = await (await app.fetch(`/statements/${statement.slug}`)).text();
    expect(html).toMatch(/<input type="radio" id="display-anonymous" name="display"[^>]* value="anonymous"/);
    const res = await app.postForm(`/statements/${statement.slug}`, { name: "Ana Form", email: "ana.form@example.org", display: "anonymous", ward: "outside" });
    expect(res.status).toBeLessThan(400);
    const row = await getDb().selectFrom("signatures").select("display").where("email", "=", "ana.form@example.org").executeTakeFirstOrThrow();
    expect(row.display).toBe("anonymous");
  });
});

describe("the organizer's dashboard", () => {
  it("shows the flagged signatures' count, says they are not counted and why, and names none of them", async () => {
    const { owner, statement } = await createOpenStatement();
    await createSignature({ statementId: statement.id, name: "Flagged Farrowmere", state: "suspicious" });
    await createSignature({ statementId: statement.id, name: "Flagged Farrowmere Two", state: "suspicious" });
    await createSignature({ statementId: statement.id, name: "Counted Carrowby" });
    const html = await (await app.fetch(`/organize/statements/${statement.id}/dashboard`, { headers: { cookie: (await createSession(owner.id)).cookie } })).text();
    const flagged = html.match(/<dt>Held as suspicious \(not counted\)<\/dt><dd>([\s\S]*?)<\/dd>/)?.[1] ?? "";
    expect(flagged).toMatch(/<span class="count-big">2<\/span>/);
    expect(flagged).toContain(escapeHtml(translate("en", "dashboard.suspiciousWhy")));
    expect(html).not.toContain("Farrowmere");
  });
});

describe("/privacy", () => {
  for (const locale of ["en", "es"] as const)
    it(`says what is kept, for how long (this deployment's RETENTION_MONTHS), and how to use each right, in ${locale}`, async () => {
      const res = await app.fetch("/privacy", { headers: { "accept-language": locale } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`<h1>${escapeHtml(translate(locale, "privacy.title"))}</h1>`);
      expect(html).toContain(escapeHtml(translate(locale, "privacy.howLong.body", { months: 12 })));
      expect(html).toContain(locale === "en" ? "12 months after" : "12 meses después");
      for (const key of ["privacy.kept.email", "privacy.rights.change", "privacy.rights.withdraw", "privacy.rights.erase", "privacy.rights.export"] as const)
        expect(html, key).toContain(escapeHtml(translate(locale, key)));
      expect(html).toMatch(/<a href="\/my-signatures">/);
    });

  it("is linked from every page's footer and from /about", async () => {
    const { statement } = await createOpenStatement();
    for (const path of ["/", "/about", `/statements/${statement.slug}`, "/privacy"]) expect(await (await app.fetch(path)).text(), path).toMatch(/<footer[\s\S]*href="\/privacy"/);
    expect(await (await app.fetch("/about")).text()).toMatch(/<main[\s\S]*<a href="\/privacy">[\s\S]*<\/main>/);
  });
});
