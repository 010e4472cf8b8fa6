import axe from "axe-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { publishStatement } from "../../app/statements/publish.server";
import { sendStatementUpdate } from "../../app/organizers/updates.server";
import { hashToken } from "~/utils/crypto.server";
import { useApp } from "../support/app";
import { launchBrowser, screenshot } from "../support/browser";
import { createSignature } from "../support/campaign-factories";
import { createOpenStatement, createSession, createStatement } from "../support/factories";
import { linkIn } from "../support/mail";

const app = useApp();

let browser: Browser;
let c: Awaited<ReturnType<typeof createOpenStatement>>;
let session: Awaited<ReturnType<typeof createSession>>;
let unsubscribePath: string;
const SCRIPT_TITLE = `<script>alert("x")</script> Night market & "friends"`;

beforeAll(async () => {
  c = await createOpenStatement({ goal: 40 });
  const db = getDb();
  await db.updateTable("statements").set({ opened_at: new Date(Date.now() - 13 * 86_400_000) }).where("id", "=", c.statement.id).execute();
  // A campaign two weeks in: signatures most days, across the wards.
  for (let day = 13; day >= 0; day--) {
    for (let i = 0; i < (day * 7) % 5; i++) {
      await createSignature({
        statementId: c.statement.id,
        wardId: c.wards[(day + i) % c.wards.length].id,
        outside: i === 3,
        updates: i === 0,
        verifiedAt: new Date(Date.now() - day * 86_400_000),
      });
    }
  }
  await createSignature({ statementId: c.statement.id, state: "pending" });
  await sendStatementUpdate({ statementId: c.statement.id, authorId: c.owner.id, subject: "We are halfway there", body: "Thank you!\nTell a neighbour." });
  const link = new URL(linkIn(await app.mailbox.waitFor((m) => m.subject.endsWith("We are halfway there")), "/unsubscribe"));
  unsubscribePath = link.pathname + link.search;

  // A statement whose title tries to run script.
  const draft = await createStatement({ ownerId: c.owner.id, jurisdictionId: c.jurisdiction.id, officialIds: [], publish: false });
  await db.updateTable("statements").set({ title: SCRIPT_TITLE }).where("id", "=", draft.id).execute();
  await publishStatement({ id: draft.id, moderation: "off" });

  session = await createSession(c.owner.id);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function contextFor({ width, locale, javaScript = true }: { width: number; locale: "en" | "es"; javaScript?: boolean }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale, javaScriptEnabled: javaScript });
  const token = decodeURIComponent(session.cookie.split("=")[1]);
  await context.addCookies([
    { name: "__session", value: token, url: app.url },
    { name: "lang", value: locale, url: app.url },
  ]);
  return context;
}

async function expectNoHorizontalOverflow(page: Page) {
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(fits, page.url()).toBe(true);
}

/** axe-core, run in the page (evaluate is not subject to the page's CSP). */
async function expectNoSeriousAxeViolations(page: Page) {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  expect(violations, page.url()).toEqual([]);
}

const pages = () => [
  { name: "dashboard", path: `/organize/statements/${c.statement.id}/dashboard` },
  { name: "updates", path: `/organize/statements/${c.statement.id}/updates` },
  { name: "home", path: "/" },
  { name: "unsubscribe", path: unsubscribePath },
];

describe("campaign pages in a browser", () => {
  it.each([
    { width: 360, device: "phone", locale: "en" },
    { width: 1280, device: "desktop", locale: "en" },
    { width: 360, device: "phone", locale: "es" },
    { width: 1280, device: "desktop", locale: "es" },
  ] as const)("fit a $device ($width px) in $locale, pass axe, and are kept as screenshots", async ({ width, device, locale }) => {
    const context = await contextFor({ width, locale });
    const page = await context.newPage();
    for (const p of pages()) {
      const res = await page.goto(`${app.url}${p.path}`);
      expect(res?.status(), p.path).toBe(200);
      await expect(page.locator("html").getAttribute("lang")).resolves.toBe(locale);
      await expectNoHorizontalOverflow(page);
      await expectNoSeriousAxeViolations(page);
      await screenshot(page, `campaign-${p.name}-${device}-${locale}`);
    }
    await context.close();
  });

  it("draw the dashboard's chart with no JavaScript at all, with its numbers one click away", async () => {
    const context = await contextFor({ width: 360, locale: "en", javaScript: false });
    const page = await context.newPage();
    await page.goto(`${app.url}/organize/statements/${c.statement.id}/dashboard`);
    const chart = page.getByRole("img", { name: "Verified signatures a day" });
    await expect(chart.count()).resolves.toBe(1);
    expect(await page.locator(".bar-chart-bar").count()).toBe(14);
    await page.getByText("Show the numbers as a table").click();
    const rows = page.locator(".bar-chart-table tbody tr");
    expect(await rows.count()).toBe(14);
    await expect(rows.first().locator("td").isVisible()).resolves.toBe(true);
    await screenshot(page, "campaign-dashboard-phone-nojs-table");
    await context.close();
  });

  it("search the home page without JavaScript and show titles as text", async () => {
    const context = await contextFor({ width: 360, locale: "en", javaScript: false });
    const page = await context.newPage();
    await page.goto(app.url);
    await page.locator("#q").fill("night market");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\?sort=signed&q=night\+market/);
    const titles = await page.locator(".statement-cards h3").allTextContents();
    expect(titles).toEqual([SCRIPT_TITLE]);
    await page.getByRole("link", { name: "Closing soon" }).click();
    await expect(page.getByText("No open statement matches your search.").count()).resolves.toBe(1);
    await context.close();
  });

  it("move focus to the problems when an update is refused", async () => {
    const context = await contextFor({ width: 360, locale: "en" });
    const page = await context.newPage();
    let dialogs = 0;
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(`${app.url}/organize/statements/${c.statement.id}/updates`);
    await page.getByRole("button", { name: "Send update" }).click();
    await page.locator("#error-summary").waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("error-summary");
    await expect(page.locator("#subject").getAttribute("aria-describedby")).resolves.toBe("subject-hint subject-error");
    await screenshot(page, "campaign-updates-phone-refused");
    await page.goto(app.url);
    expect(dialogs).toBe(0);
    await context.close();
  });

  it("serve an Atom feed that parses as XML, with the script title as plain text", async () => {
    const context = await contextFor({ width: 1280, locale: "en" });
    const page = await context.newPage();
    await page.goto(app.url);
    const feed = await page.evaluate(async () => {
      const href = document.querySelector('link[rel="alternate"][type="application/atom+xml"]')!.getAttribute("href")!;
      const xml = await (await fetch(href)).text();
      const doc = new DOMParser().parseFromString(xml, "application/xml");
      const ns = "http://www.w3.org/2005/Atom";
      return {
        error: doc.querySelector("parsererror")?.textContent ?? null,
        root: doc.documentElement.namespaceURI,
        titles: [...doc.getElementsByTagNameNS(ns, "entry")].map((e) => e.getElementsByTagNameNS(ns, "title")[0].textContent),
        scripts: doc.getElementsByTagName("script").length,
      };
    });
    expect(feed.error).toBeNull();
    expect(feed.root).toBe("http://www.w3.org/2005/Atom");
    expect(feed.titles).toEqual([SCRIPT_TITLE, c.statement.title]);
    expect(feed.scripts).toBe(0);
    await context.close();
  });

  it("unsubscribe a signer from the link's page in one press", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 900 }, locale: "es" });
    const page = await context.newPage();
    await page.goto(`${app.url}${unsubscribePath}`);
    await page.getByRole("button", { name: "Darme de baja" }).click();
    await page.getByText("Hecho: no recibirá más novedades").waitFor();
    await screenshot(page, "campaign-unsubscribe-phone-es-done");
    const token = new URLSearchParams(unsubscribePath.split("?")[1]).get("token")!;
    const row = await getDb()
      .selectFrom("statement_update_recipients as r")
      .innerJoin("signatures as s", "s.id", "r.signature_id")
      .select("s.unsubscribed_at")
      .where("r.unsubscribe_token_hash", "=", hashToken(token))
      .executeTakeFirstOrThrow();
    expect(row.unsubscribed_at).not.toBeNull();
    await context.close();
  });
});
