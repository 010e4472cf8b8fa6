import { describe, expect, it } from "vitest";
import { catalogOf, translate, type MessageKey } from "./core";
import { emailTranslate, serverCatalogOf, type ServerKey } from "./email.server";
import { formatMessage, LOCALES, pluralCategory } from "./format";

const counts = [0, 1, 2, 1234];

describe("the plural formatter", () => {
  it("picks the form by Intl.PluralRules, an exact =n first, and formats #", () => {
    const m = "{count, plural, =0 {none} one {# thing for {who}} other {# things for {who}}}";
    expect(formatMessage("en", m, { count: 0, who: "Ana" })).toBe("none");
    expect(formatMessage("en", m, { count: 1, who: "Ana" })).toBe("1 thing for Ana");
    expect(formatMessage("en", m, { count: 1234, who: "Ana" })).toBe("1,234 things for Ana");
    expect(pluralCategory("es", 1)).toBe("one");
    expect(pluralCategory("es", 0)).toBe("other");
  });

  it("parses every plural of every catalog, pages' and emails', in both languages", () => {
    for (const locale of LOCALES) {
      for (const [key, message] of Object.entries(serverCatalogOf(locale))) {
        if (!message.includes(", plural,")) continue;
        const vars = Object.fromEntries([...message.matchAll(/\{(\w+)[,}]/g)].map(([, v]) => [v, 2]));
        const out = formatMessage(locale, message, vars);
        expect(out, key).not.toMatch(/plural|[{}#]/);
      }
    }
  });
});

// What readers see for 0, 1 and many: pages (home, statement, dashboard, the
// official's and organizer's pages) and every email subject with a count.
const pages: [MessageKey, Record<string, string | number>, { en: string[]; es: string[] }][] = [
  ["home.results", {}, { en: ["0 open statements", "1 open statement", "2 open statements"], es: ["0 declaraciones abiertas", "1 declaración abierta", "2 declaraciones abiertas"] }],
  ["home.card.progress", { goal: 100 }, { en: ["0 verified signatures of a 100 goal", "1 verified signature of a 100 goal", "2 verified signatures of a 100 goal"], es: ["0 firmas verificadas de una meta de 100", "1 firma verificada de una meta de 100", "2 firmas verificadas de una meta de 100"] }],
  ["record.count", {}, { en: ["0 verified signatures.", "1 verified signature.", "2 verified signatures."], es: ["0 firmas verificadas.", "1 firma verificada.", "2 firmas verificadas."] }],
  ["my.progress", { goal: 10 }, { en: ["0 verified of a 10 goal", "1 verified of a 10 goal", "2 verified of a 10 goal"], es: ["0 verificadas de una meta de 10", "1 verificada de una meta de 10", "2 verificadas de una meta de 10"] }],
  ["updates.recipients", {}, { en: ["0 signers will receive it.", "1 signer will receive it.", "2 signers will receive it."], es: ["La recibirán 0 firmantes.", "La recibirá 1 firmante.", "La recibirán 2 firmantes."] }],
  ["official.ward", { ward: "Ward 1" }, { en: ["0 of the signers are from your ward, Ward 1.", "1 of the signers is from your ward, Ward 1.", "2 of the signers are from your ward, Ward 1."], es: ["0 de los firmantes son de su distrito, Ward 1.", "1 de los firmantes es de su distrito, Ward 1.", "2 de los firmantes son de su distrito, Ward 1."] }],
];
const subjects: [ServerKey, Record<string, string | number>, { en: string[]; es: string[] }][] = [
  ["officialEmail.subject", { title: "Parks" }, { en: ["Signed statement for you: Parks (0 verified signatures)", "Signed statement for you: Parks (1 verified signature)", "Signed statement for you: Parks (2 verified signatures)"], es: ["Declaración firmada para usted: Parks (0 firmas verificadas)", "Declaración firmada para usted: Parks (1 firma verificada)", "Declaración firmada para usted: Parks (2 firmas verificadas)"] }],
  ["officialEmail.subjectSupplement", { title: "Parks" }, { en: ["More signatures for: Parks (0 verified since the last delivery)", "More signatures for: Parks (1 verified since the last delivery)", "More signatures for: Parks (2 verified since the last delivery)"], es: ["Más firmas para: Parks (0 verificadas desde la última entrega)", "Más firmas para: Parks (1 verificada desde la última entrega)", "Más firmas para: Parks (2 verificadas desde la última entrega)"] }],
];

describe("plurals for 0, 1 and many", () => {
  it.each(pages)("page message %s", (key, vars, want) => {
    for (const locale of LOCALES) expect([0, 1, 2].map((count) => translate(locale, key, { ...vars, count }))).toEqual(want[locale]);
  });
  it.each(subjects)("email subject %s", (key, vars, want) => {
    for (const locale of LOCALES) expect([0, 1, 2].map((count) => emailTranslate(locale, key, { ...vars, count }))).toEqual(want[locale]);
  });

  it("every email subject with a count is checked above", () => {
    // every subject of the server catalogs with a count is listed above
    const withCount = Object.entries(serverCatalogOf("en")).filter(([k, m]) => /Email\.subject/.test(k) && m.includes("{count"));
    expect(withCount.map(([k]) => k).sort()).toEqual(subjects.map(([k]) => k).sort());
  });

  it("no page or email message puts a bare count next to a plural noun", () => {
    for (const locale of LOCALES) {
      for (const [key, message] of Object.entries(serverCatalogOf(locale))) {
        for (const n of counts) {
          const out = formatMessage(locale, message.replace(/\{count\}/g, String(n)), { count: n });
          if (n === 1) expect(out, key).not.toMatch(/\b1 (verified signatures|signers|firmas|firmantes|declaraciones|verificadas)\b/);
        }
      }
      expect(Object.keys(catalogOf(locale)).some((k) => k.endsWith(".one"))).toBe(false);
    }
  });
});
