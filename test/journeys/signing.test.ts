import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useApp } from "../support/app";
import { launchBrowser, screenshot } from "../support/browser";
import { createOpenStatement } from "../support/factories";
import { linkIn } from "../support/mail";
import { createVerifiedSignature } from "../support/signature-factories";

const app = useApp();

let browser: Browser;
let open: Awaited<ReturnType<typeof createOpenStatement>>;
const PRIVATE_NAME = "Quiet Neighbour";
const PRIVATE_EMAIL = "quiet.neighbour@example.org";

beforeAll(async () => {
  open = await createOpenStatement({ goal: 25 });
  await createVerifiedSignature({ slug: open.statement.slug, name: PRIVATE_NAME, email: PRIVATE_EMAIL, display: "private" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const countNow = async () => ((await (await fetch(`${app.url}/statements/${open.statement.slug}/count`)).json()) as { verified: number }).verified;

async function expectNoPrivateSigner(page: Page) {
  const html = await page.content();
  expect(html).not.toContain(PRIVATE_NAME);
  expect(html).not.toContain(PRIVATE_EMAIL);
}

async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe("a resident signs a statement", () => {
  it.each([
    { width: 360, device: "phone", locale: "en", name: "Maria Garcia", display: "initials", shown: "Maria G.", texts: { sign: "Sign", confirm: "Confirm my signature", confirmed: "your signature is confirmed and counted", check: "Check your email" } },
    { width: 1280, device: "desktop", locale: "es", name: "Ana Lucía Pérez", display: "full", shown: "Ana Lucía Pérez", texts: { sign: "Firmar", confirm: "Confirmar mi firma", confirmed: "su firma está confirmada y se cuenta", check: "Revise su correo electrónico" } },
  ] as const)("on a $device in $locale: signs, confirms from the email, and is counted and shown as chosen", async (c) => {
    const context = await browser.newContext({ viewport: { width: c.width, height: 900 }, locale: c.locale });
    const page = await context.newPage();
    const email = `${c.device}.signer@example.org`;
    const before = await countNow();

    await page.goto(`${app.url}/statements/${open.statement.slug}`);
    await expect.poll(() => page.locator("h1").textContent()).toBe(open.statement.title);
    await expect(page.locator(".count-big").textContent()).resolves.toBe(String(before));
    await expectNoPrivateSigner(page);
    await expectNoHorizontalOverflow(page);
    await screenshot(page, `signing-${c.device}-statement`);

    await page.locator("#name").fill(c.name);
    await page.locator("#email").fill(email);
    await page.locator("#ward").selectOption(String(open.wards[1].id));
    await page.locator(`#display-${c.display}`).check();
    await page.locator("#updates").check();
    await page.getByRole("button", { name: c.texts.sign, exact: true }).click();
    await page.waitForURL(`**/statements/${open.statement.slug}/signed`);
    await expect.poll(() => page.locator("h1").textContent()).toBe(c.texts.check);
    await screenshot(page, `signing-${c.device}-check-email`);
    expect(await countNow()).toBe(before);

    const mail = await app.mailbox.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toContain(open.statement.title);
    await page.goto(linkIn(mail, "/signatures/verify"));
    await expect(page.getByText(c.shown).count()).resolves.toBeGreaterThan(0);
    await screenshot(page, `signing-${c.device}-confirm`);
    expect(await countNow()).toBe(before); // opening the link counted nothing
    await page.getByRole("button", { name: c.texts.confirm }).click();

    await page.waitForURL(`**/statements/${open.statement.slug}?confirmed=1`);
    await expect(page.locator(".notice").textContent()).resolves.toContain(c.texts.confirmed);
    await expect(page.locator(".count-big").textContent()).resolves.toBe(String(before + 1));
    await expect(page.locator(".signers").textContent()).resolves.toContain(c.shown);
    if (c.display === "initials") expect(await page.content()).not.toContain(c.name);
    await expectNoPrivateSigner(page);
    await expectNoHorizontalOverflow(page);
    await screenshot(page, `signing-${c.device}-counted`);
    expect(await countNow()).toBe(before + 1);

    const confirmation = await app.mailbox.waitFor((m) => m.to.includes(email) && m.text.includes("/signatures/withdraw"));
    expect(confirmation.subject).toContain(open.statement.title);
    await context.close();
  });

  it("works without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 900 } });
    const page = await context.newPage();
    const email = "no.script@example.org";
    await page.goto(`${app.url}/statements/${open.statement.slug}`);
    // A refused form comes back with the message beside the field and the input kept.
    await page.locator("#name").fill("No Script");
    await page.locator("#email").fill("not-an-email");
    await page.locator("#ward").selectOption("outside");
    await page.getByRole("button", { name: "Sign", exact: true }).click();
    await expect(page.locator("#email-error").textContent()).resolves.toContain("Enter an email address like name@example.org");
    await expect(page.locator("#name").inputValue()).resolves.toBe("No Script");
    // The answer opens at the form, not at the top of a long page.
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await screenshot(page, "signing-phone-refused");

    await page.locator("#email").fill(email);
    await page.getByRole("button", { name: "Sign", exact: true }).click();
    // The redirect keeps the form's #sign, as browsers do.
    await page.waitForURL((url) => url.pathname === `/statements/${open.statement.slug}/signed`);
    const mail = await app.mailbox.waitFor((m) => m.to.includes(email));
    await page.goto(linkIn(mail, "/signatures/verify"));
    await page.getByRole("button", { name: "Confirm my signature" }).click();
    await page.waitForURL(`**/statements/${open.statement.slug}?confirmed=1`);
    await expect(page.locator(".signers").textContent()).resolves.toContain("No S.");
    await context.close();
  });

  it("never shows a private signer in any public page or JSON", async () => {
    for (const path of [
      `/statements/${open.statement.slug}`,
      `/statements/${open.statement.slug}/embed`,
      `/statements/${open.statement.slug}/count`,
      `/statements/${open.statement.slug}/signed`,
      `/api/statements/${open.statement.slug}`,
      "/",
    ]) {
      const body = await (await fetch(`${app.url}${path}`)).text();
      expect(body, path).not.toContain(PRIVATE_NAME);
      expect(body, path).not.toContain(PRIVATE_EMAIL);
    }
    const api = await (await fetch(`${app.url}/api/statements/${open.statement.slug}`)).json();
    expect(api.verified).toBe(await countNow());
    expect(api.recentSigners.length).toBe(api.verified - 1);
  });
});

describe("a partner site embeds the sign form", () => {
  it("signs from inside another site's iframe", async () => {
    // Another origin, as a partner's site would be.
    const partner = http.createServer((_, res) => {
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end(`<!doctype html><title>Partner</title><h1>Our neighbourhood</h1><iframe title="Sign" src="${app.url}/statements/${open.statement.slug}/embed" width="380" height="1100"></iframe>`);
    });
    await new Promise<void>((resolve) => partner.listen(0, "127.0.0.1", resolve));
    const context = await browser.newContext({ viewport: { width: 420, height: 1200 } });
    try {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${(partner.address() as AddressInfo).port}/`);
      const frame = page.frameLocator("iframe");
      await frame.locator("#name").fill("Framed Signer");
      await frame.locator("#email").fill("framed@example.org");
      await frame.locator("#ward").selectOption("outside");
      await frame.getByRole("button", { name: "Sign", exact: true }).click();
      await expect(frame.locator("h2").first().textContent()).resolves.toBe("Check your email");
      await screenshot(page, "signing-embed-sent");
      await app.mailbox.waitFor((m) => m.to.includes("framed@example.org"));
    } finally {
      await context.close();
      partner.close();
    }
  });
});
