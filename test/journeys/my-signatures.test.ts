import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { useApp } from "../support/app";
import { launchBrowser, screenshot } from "../support/browser";
import { createOpenStatement } from "../support/factories";
import { linkIn } from "../support/mail";
import { createPendingSignature, createVerifiedSignature } from "../support/signature-factories";

const app = useApp();

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const rowOf = (email: string, statementId: number) =>
  getDb().selectFrom("signatures").selectAll().where("email", "=", email).where("statement_id", "=", statementId).executeTakeFirst();

describe("a signer manages their own signatures", () => {
  it.each([
    { javaScript: true, locale: "en", texts: { submit: "Email me a link", sent: "Check your email", save: "Save this choice", saved: "Saved", withdraw: "Withdraw this signature…", yes: "Yes, withdraw it", erase: "Erase this signature…", eraseYes: "Yes, erase it", erased: "Erased." } },
    { javaScript: false, locale: "es", texts: { submit: "Envíenme un enlace", sent: "Revise su correo", save: "Guardar esta opción", saved: "Guardado", withdraw: "Retirar esta firma…", yes: "Sí, retirarla", erase: "Borrar esta firma…", eraseYes: "Sí, borrarla", erased: "Borrada." } },
  ] as const)("with JavaScript $javaScript, in $locale: asks for the link, changes, withdraws, downloads and erases", async (c) => {
    const email = `journey-${c.locale}@example.org`;
    const first = await createOpenStatement();
    const second = await createOpenStatement();
    await createVerifiedSignature({ slug: first.statement.slug, email, name: "Rosa Martinez", display: "full", locale: c.locale });
    await createPendingSignature({ slug: second.statement.slug, email, name: "Rosa Martinez", locale: c.locale });

    const context = await browser.newContext({ javaScriptEnabled: c.javaScript, locale: c.locale, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${app.url}/my-signatures`);
    await page.locator("#email").fill(email);
    await page.getByRole("button", { name: c.texts.submit }).click();
    await expect.poll(() => page.locator("h1").textContent(), { timeout: 15_000 }).toBe(c.texts.sent);
    expect(new URL(page.url()).pathname).toBe("/my-signatures/sent");

    const mail = await app.mailbox.waitFor((m) => m.to.includes(email) && m.text.includes("/my-signatures/"));
    const link = linkIn(mail, "/my-signatures/");
    await page.goto(link);
    await expect.poll(() => page.locator("article").count(), { timeout: 15_000 }).toBe(2);
    await screenshot(page, `my-signatures-${c.locale}`);

    // The display choice of the counted signature.
    const counted = page.locator("article", { has: page.locator(`a[href="/statements/${first.statement.slug}"]`) });
    await counted.locator('input[value="private"]').check();
    await counted.getByRole("button", { name: c.texts.save }).click();
    await expect.poll(() => page.locator("[role=status]").textContent(), { timeout: 15_000 }).toContain(c.texts.saved);
    expect((await rowOf(email, first.statement.id))!.display).toBe("private");

    // Withdrawing asks first.
    await page.locator("article", { has: page.locator(`a[href="/statements/${first.statement.slug}"]`) }).getByRole("button", { name: c.texts.withdraw }).click();
    await page.getByRole("button", { name: c.texts.yes }).click();
    await expect.poll(async () => (await rowOf(email, first.statement.id))!.state, { timeout: 15_000 }).toBe("withdrawn");

    // The download.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('form[action$="/export"] button').click()]);
    const data = JSON.parse(await readFile((await download.path())!, "utf8"));
    expect(data.address).toBe(email);
    expect(data.signatures).toHaveLength(2);

    // Erasing the pending one.
    await page.locator("article", { has: page.locator(`a[href="/statements/${second.statement.slug}"]`) }).getByRole("button", { name: c.texts.erase }).click();
    await page.getByRole("button", { name: c.texts.eraseYes }).click();
    await expect.poll(() => page.locator("[role=status]").textContent(), { timeout: 15_000 }).toContain(c.texts.erased);
    expect(await rowOf(email, second.statement.id)).toBeUndefined();
    await expect.poll(() => page.locator("article").count(), { timeout: 15_000 }).toBe(1);
    await context.close();
  });
});
