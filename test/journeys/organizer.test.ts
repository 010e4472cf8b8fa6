import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { seedDemo } from "../../server/seed";
import { useApp } from "../support/app";
import { launchBrowser, screenshot } from "../support/browser";
import { linkIn } from "../support/mail";

const app = useApp();

let browser: Browser;
beforeAll(async () => {
  await seedDemo(getDb());
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Serious and critical axe-core findings on the page as it is now. */
async function accessibilityProblems(page: Page) {
  const source = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  // Evaluated over the DevTools protocol, so the page's CSP (rightly) has no say.
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function signIn(page: Page, email: string) {
  await page.goto(`${app.url}/organize`);
  expect(new URL(page.url()).pathname).toBe("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await page.waitForURL("**/login/sent");
  const mail = await app.mailbox.waitFor((m) => m.to.includes(email) && m.subject.includes("sign-in link"));
  // The link opens a page with a button: a mail scanner following it signs nobody in.
  await page.goto(linkIn(mail, "/login/verify"));
  await page.getByRole("button", { name: "Sign in to Undersigned" }).click();
  await page.waitForURL(`${app.url}/organize`);
}

describe("an organizer's journey", () => {
  it("signs in by email, drafts from the hate-free template, picks officials, previews and publishes", async () => {
    const page = await browser.newPage();
    const email = `journey-${Date.now()}@example.org`;
    await signIn(page, email);
    await page.getByRole("heading", { name: "You have no statements yet" }).waitFor();

    await page.getByRole("link", { name: "Start your first statement" }).click();
    await page.getByLabel("Hate-free community pledge").check();
    await page.getByLabel("City or town").selectOption({ label: "City of Millbrook (demo)" });
    await page.getByRole("button", { name: "Create the draft" }).click();
    await page.waitForURL(/\/organize\/statements\/\d+$/);
    const statementId = Number(new URL(page.url()).pathname.split("/").pop());

    // The template prefilled everything; the organizer makes it theirs.
    await expect(page.getByLabel("Title", { exact: true }).inputValue()).resolves.toBe("Millbrook is a hate-free community");
    await expect(page.getByLabel("Reason 1", { exact: true }).inputValue()).resolves.toContain("Hateful graffiti");
    await page.getByLabel("Title", { exact: true }).fill("Millbrook stands together against hate");
    await page.getByRole("button", { name: "Save and add another reason" }).click();
    await page.getByLabel("Reason 5", { exact: true }).waitFor();
    await page.getByLabel("Reason 5", { exact: true }).fill("Neighbours of every background built this city together;");
    for (const name of ["Mayor Jordan Exampleton", "Avery Placeholder", "Harper Notreal", "Indigo Madeup"]) await page.getByLabel(name).check();
    await page.getByLabel("Signature goal").fill("300");
    await page.getByLabel("Deadline (optional)").fill(inDays(45));
    await screenshot(page, "organizer-draft");
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByRole("button", { name: "Save and preview" }).click();
    await page.waitForURL(`**/organize/statements/${statementId}/preview`);

    await page.getByRole("heading", { level: 1, name: "Millbrook stands together against hate" }).waitFor();
    await page.getByText("Neighbours of every background built this city together;").waitFor();
    const recipients = await page.locator(".officials li").allTextContents();
    expect(recipients).toHaveLength(4);
    expect(recipients[0]).toContain("Mayor Jordan Exampleton");
    await screenshot(page, "organizer-preview");
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole("button", { name: "Publish" }).click();
    await page.waitForURL(`**/organize/statements/${statementId}?notice=published`);
    await page.getByText("Published. Your statement is open for signatures.").waitFor();
    const row = await getDb().selectFrom("statements").select(["state", "slug", "version_hash", "title"]).where("id", "=", statementId).executeTakeFirstOrThrow();
    expect(row.state).toBe("open");
    // The address the template's title gave the draft followed the new title.
    expect(row.slug).toBe("millbrook-stands-together-against-hate");
    expect(row.version_hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(page.locator("#version-hash").textContent()).resolves.toBe(row.version_hash);
    await screenshot(page, "organizer-published");

    // The public page shows what the preview showed, now with its version hash.
    const publicPage = await page.goto(`${app.url}/statements/${row.slug}`);
    expect(publicPage?.status()).toBe(200);
    await page.getByRole("heading", { level: 1, name: "Millbrook stands together against hate" }).waitFor();
    await page.getByText("Neighbours of every background built this city together;").waitFor();
    expect(await page.locator(".officials li").allTextContents()).toEqual(recipients);
    await expect(page.locator(".hash").first().textContent()).resolves.toBe(row.version_hash);
    await screenshot(page, "organizer-public-page");

    await page.goto(`${app.url}/organize`);
    await page.getByRole("link", { name: row.title }).waitFor();
    await page.getByText("Open for signatures").waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in" }).waitFor();
    await page.goto(`${app.url}/organize`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.close();
  });

  it("shows a script tag in a title as text: it never runs", async () => {
    const page = await browser.newPage();
    await signIn(page, `script-${Date.now()}@example.org`);
    await page.goto(`${app.url}/organize/new`);
    await page.getByLabel("Blank").check();
    await page.getByRole("button", { name: "Create the draft" }).click();
    await page.waitForURL(/\/organize\/statements\/\d+$/);
    const title = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">`;
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByRole("button", { name: "Save and preview" }).click();
    await page.waitForURL(/\/preview$/);
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();

    await page.getByRole("button", { name: "Publish" }).click();
    await page.waitForURL(/\/organize\/statements\/\d+$/);
    await page.locator("#title-error", { hasText: "The title cannot contain HTML tags" }).waitFor();
    await expect(page.getByLabel("Title", { exact: true }).getAttribute("aria-describedby")).resolves.toContain("title-error");
    expect(await accessibilityProblems(page)).toEqual([]);
    await expect(page.getByLabel("Title", { exact: true }).inputValue()).resolves.toBe(title);
    await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await page.close();
  });
});
