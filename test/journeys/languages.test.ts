import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../support/app-server";
import { launchBrowser } from "../support/browser";
import { createOpenStatement } from "../support/factories";

// The browser gets English with every page, Spanish only for a Spanish reader
// (loaded before hydrating), and the organizer's words only with the pages
// that show them. Hydrated and navigated client-side, every page must read
// as the server rendered it: no hydration mismatch, no raw key.
let app: RunningApp;
let browser: Browser;
let slug: string;
beforeAll(async () => {
  slug = (await createOpenStatement()).statement.slug;
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

// Client-side, the URL changes before React renders the new page, so wait for
// the heading itself; a wrong heading still fails, after the wait, naming it.
async function headingReads(page: Page, text: string) {
  const heading = page.getByRole("heading", { level: 1 });
  await heading.filter({ hasText: text }).waitFor({ timeout: 10_000 }).catch(() => undefined);
  expect(await heading.textContent()).toBe(text);
}

async function open(lang: "en" | "es") {
  const context = await browser.newContext();
  await context.addCookies([{ name: "lang", value: lang, url: app.url }]);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  const scripts: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname);
  });
  return { page, problems, scripts };
}

/** Hydrated: Remix's client router is running. */
const hydrated = (page: Page) => page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);

describe("the pages' languages in the browser", () => {
  it("a Spanish reader's statement page hydrates in Spanish, and stays Spanish navigating client-side", async () => {
    const { page, problems, scripts } = await open("es");
    await page.goto(`${app.url}/statements/${slug}`);
    await hydrated(page);
    expect(scripts.some((s) => /\/es-[\w]+\.js$/.test(s))).toBe(true);
    await expect(page.getByRole("link", { name: "Iniciar sesión" }).isVisible()).resolves.toBe(true);
    await page.getByRole("link", { name: "Iniciar sesión" }).click();
    await page.waitForURL("**/login");
    await headingReads(page, "Inicie sesión para organizar");
    expect(await page.title()).toContain("Iniciar sesión");
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("an English reader never downloads Spanish; the campaign's and the organizer's words arrive with their pages, navigated to client-side", async () => {
    const { page, problems, scripts } = await open("en");
    await page.goto(`${app.url}/statements/${slug}`);
    await hydrated(page);
    expect(scripts.filter((s) => /\/es-[\w]+\.js$/.test(s))).toEqual([]);
    // The campaign's words (the home page's) come with the home page.
    await page.getByRole("link", { name: "Statements", exact: true }).first().click();
    await page.waitForURL(`${app.url}/`);
    await headingReads(page, "Stand together, on the record");
    expect(await page.evaluate(() => document.body.innerText)).toMatch(/\b1 open statement\b/);
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL("**/login");
    await headingReads(page, "Sign in to organize");
    expect(await page.title()).toContain("Sign in");
    expect(await page.evaluate(() => document.body.innerText)).not.toMatch(/\blogin\.\w+/);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
