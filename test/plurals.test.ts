import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "./support/app-server";
import { bumpVerifiedCount } from "./support/delivery-factories";
import { createOpenStatement } from "./support/factories";

// Plurals as readers get them, 0, 1 and many, in English and Spanish: the home
// page's results line and each card, and the statement page's count. (Every
// catalog message, email subjects included, is checked in app/i18n/plurals.test.ts.)
let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

// Any cookie but the language's skips the shared render of decision 0007, so each view is fresh.
const cookie = { en: "lang=en; reader=1", es: "lang=es; reader=1" };
const text = (html: string) => html.split("</main>")[0].replace(/<!--.*?-->/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
const page = async (path: string, lang: "en" | "es") => text(await (await fetch(app.url + path, { headers: { cookie: cookie[lang] } })).text());

/** The page until it shows `want` (caches hold public reads for about a second). */
async function eventually(path: string, lang: "en" | "es", want: string) {
  let last = "";
  for (let i = 0; i < 30; i++) {
    last = await page(path, lang);
    if (last.includes(want)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(last).toContain(want);
  return last;
}

describe("counted words on the pages", () => {
  it("the home page: 0, 1 and 2 open statements, and each card's verified signatures", async () => {
    await eventually("/", "en", "0 open statements");
    await eventually("/", "es", "0 declaraciones abiertas");

    const first = await createOpenStatement({ goal: 100 });
    await bumpVerifiedCount({ statementId: first.statement.id, by: 1 });
    const one = await eventually("/", "en", "1 open statement ");
    expect(one).toContain("1 verified signature of a 100 goal");
    const uno = await eventually("/", "es", "1 declaración abierta");
    expect(uno).toContain("1 firma verificada de una meta de 100");

    const second = await createOpenStatement({ goal: 100 });
    await bumpVerifiedCount({ statementId: second.statement.id, by: 2 });
    const two = await eventually("/", "en", "2 open statements");
    expect(two).toContain("2 verified signatures of a 100 goal");
    expect(two).toContain("1 verified signature of a 100 goal");
    const dos = await eventually("/", "es", "2 declaraciones abiertas");
    expect(dos).toContain("2 firmas verificadas de una meta de 100");
  });

  it("the statement page: the goal's noun follows the goal (1 signature, 2 signatures)", async () => {
    for (const [goal, en, es] of [
      [1, "of a goal of 1 verified signature", "de una meta de 1 firma verificada"],
      [2, "of a goal of 2 verified signatures", "de una meta de 2 firmas verificadas"],
    ] as const) {
      const { statement } = await createOpenStatement({ goal });
      const english = await page(`/statements/${statement.slug}`, "en");
      expect(english).toContain(`0 ${en}`);
      expect(english).not.toMatch(/\b1 verified signatures\b/);
      expect(await page(`/statements/${statement.slug}`, "es")).toContain(`0 ${es}`);
      await bumpVerifiedCount({ statementId: statement.id, by: 1 });
      await eventually(`/statements/${statement.slug}`, "en", `1 ${en}`);
      await eventually(`/statements/${statement.slug}`, "es", `1 ${es}`);
    }
  });
});
