import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { catalogOf } from "~/i18n/core";
import { deliverStatement } from "../../app/delivery/deliver.server";
import { respondToDelivery } from "../../app/delivery/official-side.server";
import { OFFICIAL_DELIVERY_EMAIL } from "../../app/mail/delivery-emails.server";
import { publishStatement } from "../../app/statements/publish.server";
import { sendStatementUpdate } from "../../app/organizers/updates.server";
import { useApp } from "../support/app";
import { ARTIFACTS, launchBrowser, screenshot } from "../support/browser";
import { createSignature } from "../support/campaign-factories";
import { createOpenStatement, createSession, createStatement, spanishHateFree } from "../support/factories";
import { createPendingSignature, createVerifiedSignature, latestLink } from "../support/signature-factories";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const LOCALES = ["en", "es"] as const;
const WIDTHS = [
  { device: "phone", width: 360 },
  { device: "desktop", width: 1280 },
] as const;
type Locale = (typeof LOCALES)[number];

let browser: Browser;
let c: Awaited<ReturnType<typeof createOpenStatement>>;
let session: Awaited<ReturnType<typeof createSession>>;
const paths: Record<string, string> = {};

beforeAll(async () => {
  c = await createOpenStatement({ goal: 40, translation: spanishHateFree() });
  const db = getDb();
  const slug = c.statement.slug;
  await db.updateTable("statements").set({ opened_at: new Date(Date.now() - 5 * 86_400_000) }).where("id", "=", c.statement.id).execute();
  for (let day = 5; day >= 0; day--)
    for (let i = 0; i < (day % 3) + 1; i++)
      await createSignature({ statementId: c.statement.id, wardId: c.wards[(day + i) % c.wards.length].id, display: i === 1 ? "initials" : "full", verifiedAt: new Date(Date.now() - day * 86_400_000) });
  const pending = await createPendingSignature({ slug });
  const verified = await createVerifiedSignature({ slug, updates: true, email: "reader@example.org" });
  await sendStatementUpdate({ statementId: c.statement.id, authorId: c.owner.id, subject: "Halfway there", body: "Thank you!\nTell a neighbour." });
  const unsubscribe = new URL(await latestLink(verified.email, "statement-update", "/unsubscribe"));

  const draft = await createStatement({ ownerId: c.owner.id, jurisdictionId: c.jurisdiction.id, officialIds: [c.officials[0].id], publish: false });
  // Two waiting for review: the queue shows each statement's page, side by side.
  for (const official of c.officials.slice(1, 3)) {
    const review = await createStatement({ ownerId: c.owner.id, jurisdictionId: c.jurisdiction.id, officialIds: [official.id], publish: false });
    await publishStatement({ id: review.id, moderation: "required" });
  }

  Object.assign(paths, {
    statement: `/statements/${slug}`,
    embed: `/statements/${slug}/embed`,
    signed: `/statements/${slug}/signed`,
    confirmed: `/statements/${slug}?confirmed=1`,
    verify: `/signatures/verify?token=${pending.token}`,
    withdraw: `/signatures/withdraw?token=${verified.withdrawToken}`,
    unsubscribe: unsubscribe.pathname + unsubscribe.search,
    manage: `/organize/statements/${c.statement.id}`,
    dashboard: `/organize/statements/${c.statement.id}/dashboard`,
    updates: `/organize/statements/${c.statement.id}/updates`,
    draft: `/organize/statements/${draft.id}`,
    preview: `/organize/statements/${draft.id}/preview`,
  });

  // A second statement, delivered: the officials' pages, the organizer's board, the public record.
  const delivered = await createStatement({ ownerId: c.owner.id, jurisdictionId: c.jurisdiction.id, officialIds: c.officials.map((o) => o.id), translation: spanishHateFree() });
  for (const ward of c.wards) await createSignature({ statementId: delivered.id, wardId: ward.id });
  await deliverStatement({ statementId: delivered.id, userId: c.owner.id, reason: "manual" });
  const officialPath = async (email: string) => {
    const row = await db.selectFrom("outbox").select("text_body").where("to_address", "=", email).where("kind", "=", OFFICIAL_DELIVERY_EMAIL).executeTakeFirstOrThrow();
    return row.text_body.match(/\/officials\/[A-Za-z0-9_-]{43}/)![0];
  };
  const [mayor, councilor] = c.officials;
  const answered = await officialPath(mayor.email);
  await respondToDelivery({ token: answered.split("/").pop()!, response: "Thank you. The council will take this up at its next meeting.\n\nMayor Test" });
  Object.assign(paths, {
    official: await officialPath(councilor.email),
    officialAnswered: answered,
    deliveryBoard: `/organize/statements/${delivered.id}/delivery`,
    delivered: `/statements/${delivered.slug}`,
  });

  session = await createSession(c.owner.id);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
// After the hook that makes the statement: the owner is the platform's admin.
const app = useApp({ env: () => ({ ADMIN_EMAILS: c.owner.email, MODERATION: "required" }) });

type Who = "resident" | "organizer";
interface PageCase {
  name: string;
  path: () => string;
  who: Who;
  status?: number;
  /** What a person does on the page before it is checked (a refused form, say). */
  act?: (page: Page) => Promise<void>;
}

const refuse = (submit: string) => async (page: Page) => {
  await page.locator(submit).click();
  await page.locator("#error-summary").waitFor();
};

const PAGES: PageCase[] = [
  { name: "home", path: () => "/", who: "resident" },
  { name: "statement", path: () => paths.statement, who: "resident" },
  { name: "sign-errors", path: () => paths.statement, who: "resident", act: refuse(".sign-form button[type=submit]") },
  { name: "check-email", path: () => paths.signed, who: "resident" },
  { name: "verify", path: () => paths.verify, who: "resident" },
  { name: "confirmed", path: () => paths.confirmed, who: "resident" },
  { name: "withdraw", path: () => paths.withdraw, who: "resident" },
  { name: "unsubscribe", path: () => paths.unsubscribe, who: "resident" },
  { name: "embed", path: () => paths.embed, who: "resident" },
  { name: "about", path: () => "/about", who: "resident" },
  { name: "not-found", path: () => "/no-such-page", who: "resident", status: 404 },
  { name: "login", path: () => "/login", who: "resident" },
  { name: "login-sent", path: () => "/login/sent", who: "resident" },
  { name: "login-verify", path: () => "/login/verify?token=not-a-real-token", who: "resident" },
  { name: "my-statements", path: () => "/organize", who: "organizer" },
  { name: "new-statement", path: () => "/organize/new", who: "organizer" },
  {
    name: "draft-errors",
    path: () => paths.draft,
    who: "organizer",
    act: async (page) => {
      await page.locator("#goal").fill("0");
      await refuse("button[name=intent][value=publish]:not(.visually-hidden)")(page);
    },
  },
  { name: "preview", path: () => paths.preview, who: "organizer" },
  { name: "manage-published", path: () => paths.manage, who: "organizer" },
  { name: "dashboard", path: () => paths.dashboard, who: "organizer" },
  { name: "updates", path: () => paths.updates, who: "organizer" },
  { name: "admin-officials", path: () => "/admin/officials", who: "organizer" },
  {
    name: "admin-moderation",
    path: () => "/admin/moderation",
    who: "organizer",
    // Every statement in the queue opened for reading at once.
    act: async (page) => {
      for (const summary of await page.locator("main details > summary").all()) await summary.click();
    },
  },
  { name: "delivery-board", path: () => paths.deliveryBoard, who: "organizer" },
  { name: "delivered-statement", path: () => paths.delivered, who: "resident" },
  { name: "official", path: () => paths.official, who: "resident" },
  {
    name: "official-response-errors",
    path: () => paths.official,
    who: "resident",
    act: async (page) => {
      await page.locator("#response").fill("");
      await refuse("button[name=intent][value=preview]")(page);
    },
  },
  { name: "official-answered", path: () => paths.officialAnswered, who: "resident" },
];

async function contextFor({ width, locale, who }: { width: number; locale: Locale; who: Who }): Promise<BrowserContext> {
  // axe is added as a script tag, which the app's CSP (nonces only) would rightly refuse.
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale, bypassCSP: true });
  const cookies: { name: string; value: string; url: string }[] = [{ name: "lang", value: locale, url: app.url }];
  if (who === "organizer") cookies.push({ name: "__session", value: session.token, url: app.url });
  await context.addCookies(cookies);
  return context;
}

interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
}

const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The longest literal run of an English message, when it is distinctive enough to spot in a page. */
const englishOnly = Object.entries(catalogOf("en"))
  .filter(([key, en]) => catalogOf("es")[key] !== en)
  .map(([, en]) => en.split(/\{\w+\}|\n/).sort((a, b) => b.length - a.length)[0].trim())
  .filter((text) => text.length >= 16 && text.includes(" "));
/** A word shaped like a catalog key in one of the catalogs' namespaces ("statement.state.x"): a message missing. */
const namespaces = new Set(Object.keys(catalogOf("en")).map((k) => k.split(".")[0]));
const looksLikeKey = (word: string) => /^[a-z][a-zA-Z]*(\.[\w-]+)+$/.test(word) && namespaces.has(word.split(".")[0]);

/** Catalog keys shown raw (a missing message), and on a Spanish page, English messages. */
async function languageProblems(page: Page, locale: Locale): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const words = new Set(text.split(/[\s"“”«»():,;]+/));
  const problems = [...words].filter(looksLikeKey).map((k) => `raw key ${k}`);
  if (locale === "es") problems.push(...englishOnly.filter((en) => text.includes(en)).map((en) => `English text “${en}”`));
  return problems;
}

/** pages × languages → what axe found (any impact), for test-results/axe-summary.json. */
const summary: Record<string, Record<string, { widths: number[]; violations: AxeFinding[] }>> = {};

describe("every page of the three journeys", () => {
  it.each(LOCALES.flatMap((locale) => WIDTHS.map((w) => ({ locale, ...w }))))(
    "in $locale on a $device ($width px): right language, no serious axe violation, no horizontal overflow",
    async ({ locale, device, width }) => {
      const problems: string[] = [];
      const contexts = { resident: await contextFor({ width, locale, who: "resident" }), organizer: await contextFor({ width, locale, who: "organizer" }) };
      try {
        for (const p of PAGES) {
          const page = await contexts[p.who].newPage();
          const res = await page.goto(`${app.url}${p.path()}`);
          if (res?.status() !== (p.status ?? 200)) problems.push(`${p.name}: status ${res?.status()}`);
          await p.act?.(page);
          const lang = await page.locator("html").getAttribute("lang");
          if (lang !== locale) problems.push(`${p.name}: html lang="${lang}"`);
          for (const problem of await languageProblems(page, locale)) problems.push(`${p.name}: ${problem}`);
          const overflow = await horizontalOverflow(page);
          if (overflow > 0) problems.push(`${p.name}: overflows by ${overflow}px`);
          const violations = await axeViolations(page);
          for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical"))
            problems.push(`${p.name}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(", ")}`);
          const entry = ((summary[p.name] ??= {})[locale] ??= { widths: [], violations: [] });
          entry.widths.push(width);
          entry.violations.push(...violations);
          await screenshot(page, `a11y-${p.name}-${device}-${locale}`);
          await page.close();
        }
      } finally {
        await contexts.resident.close();
        await contexts.organizer.close();
      }
      expect(problems).toEqual([]);
    },
    // About 35 pages, each loaded, checked by axe and photographed: a minute
    // on a quiet machine, more on a busy two-core one.
    240_000,
  );
});

/** The focused element, and whether a focus indicator is drawn around it. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return { id: "", tag: "", text: "", indicator: false, visible: false };
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      id: el.id,
      tag: el.tagName.toLowerCase(),
      text: (el.textContent ?? "").trim().slice(0, 60),
      indicator: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none",
      visible: box.width > 0 && box.height > 0 && box.right > 0 && box.left < window.innerWidth,
    };
  });

/** Focus moves in an effect after the page renders: wait for it. */
const expectFocusOn = (page: Page, id: string) => expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(id);

/** Presses Tab until `match` has focus, checking every stop shows where focus is. */
async function tabTo(page: Page, match: (f: Awaited<ReturnType<typeof focused>>) => boolean, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    expect(f.indicator, `focus on <${f.tag}> “${f.text}” is visible`).toBe(true);
    if (match(f)) return f;
  }
  throw new Error("never reached the control by pressing Tab");
}

describe("keyboard and screen reader use", () => {
  it("lets a resident sign with the keyboard alone: skip link, error summary, fields, submit", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: "en" });
    const page = await context.newPage();
    await page.goto(`${app.url}${paths.statement}`);

    // The first Tab reaches the skip link, which shows itself and jumps past the header.
    await page.keyboard.press("Tab");
    const skip = await focused(page);
    expect(skip).toMatchObject({ tag: "a", text: "Skip to content", indicator: true, visible: true });
    await page.keyboard.press("Enter");
    await expectFocusOn(page, "main");
    expect(new URL(page.url()).hash).toBe("#main");

    // From the content, the next stops are the statement's own: the sign button leads to the form.
    await tabTo(page, (f) => f.text === "Sign this statement");
    await page.keyboard.press("Enter");
    await tabTo(page, (f) => f.id === "name");
    await page.keyboard.press("Enter"); // an empty form
    await page.locator("#error-summary").waitFor();
    await expectFocusOn(page, "error-summary");
    await screenshot(page, "keyboard-error-summary-phone-en");
    // Each problem links to its field.
    await tabTo(page, (f) => f.text === "Enter your name");
    await page.keyboard.press("Enter");
    await expectFocusOn(page, "name");

    await page.keyboard.type("Kay Board");
    await tabTo(page, (f) => f.id === "email");
    await page.keyboard.type("kay.board@example.org");
    await tabTo(page, (f) => f.id === "ward");
    await page.keyboard.type(String(c.wards[1].name));
    await expect(page.locator("#ward").inputValue()).resolves.toBe(String(c.wards[1].id));
    await tabTo(page, (f) => f.id === "display-initials");
    await tabTo(page, (f) => f.tag === "button" && f.text === "Sign");
    await screenshot(page, "keyboard-sign-button-phone-en");
    await page.keyboard.press("Enter");
    await page.waitForURL(`**${paths.signed}`);
    await app.mailbox.waitFor((m) => m.to.includes("kay.board@example.org"));
    await context.close();
  });

  it("announces the live count politely and tells nothing by colour alone", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en" });
    const page = await context.newPage();
    await page.goto(`${app.url}${paths.statement}`);
    const live = page.locator(".count-panel [aria-live=polite]");
    await expect(live.getAttribute("aria-atomic")).resolves.toBe("true");
    await expect(live.locator(".count-big").count()).resolves.toBe(1);
    // The progress bar says in words what its colour shows.
    await expect(page.locator("[role=progressbar]").getAttribute("aria-valuetext")).resolves.toMatch(/of a goal of/);

    await page.locator(".sign-form button[type=submit]").click();
    await page.locator("#error-summary").waitFor();
    const marks = await page.evaluate(() =>
      [...document.querySelectorAll("[aria-invalid=true]")].map((el) => {
        const error = document.getElementById(`${el.id}-error`);
        return {
          described: (el.getAttribute("aria-describedby") ?? "").split(" ").includes(`${el.id}-error`),
          message: error?.textContent?.trim() ?? "",
          sign: error ? getComputedStyle(error, "::before").content : "",
        };
      }),
    );
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) expect(m).toMatchObject({ described: true, message: expect.stringMatching(/\w/), sign: '"⚠ "' });

    // Links in running text are underlined, states are labelled badges, the current tab is underlined.
    const underlined = await page.evaluate(() =>
      [...document.querySelectorAll("main p a:not(.button)")].every((a) => getComputedStyle(a).textDecorationLine.includes("underline")),
    );
    expect(underlined).toBe(true);
    await expect(page.locator(".badge").first().textContent()).resolves.toMatch(/\w/);
    await page.goto(app.url);
    const current = page.locator(".sort-tabs [aria-current=page]");
    await expect(current.evaluate((a) => getComputedStyle(a).textDecorationLine)).resolves.toContain("underline");
    await context.close();
  });

  it("moves focus to the problems of a refused organizer form, in Spanish too", async () => {
    const context = await contextFor({ width: 360, locale: "es", who: "organizer" });
    const page = await context.newPage();
    await page.goto(`${app.url}${paths.draft}`);
    await page.locator("#goal").fill("cero");
    await page.locator("button[name=intent][value=save]:not(.visually-hidden)").click();
    await page.locator("#error-summary").waitFor();
    await expectFocusOn(page, "error-summary");
    await expect(page.locator("#error-summary h2").textContent()).resolves.toBe("Hay un problema");
    await expect(page.locator("#goal-error").textContent()).resolves.toContain("La meta debe ser un número entero");
    await expect(page.locator("#goal").getAttribute("aria-describedby")).resolves.toContain("goal-error");
    await context.close();
  });
});

afterAll(async () => {
  if (!Object.keys(summary).length) return;
  await mkdir(ARTIFACTS, { recursive: true });
  const report = {
    standard: "WCAG 2.1 AA (axe-core tags wcag2a, wcag2aa, wcag21a, wcag21aa)",
    languages: LOCALES,
    widths: WIDTHS.map((w) => w.width),
    pages: Object.fromEntries(
      Object.entries(summary).map(([name, byLocale]) => [
        name,
        Object.fromEntries(
          Object.entries(byLocale).map(([locale, { widths, violations }]) => [
            locale,
            {
              widths,
              serious: violations.filter((v) => v.impact === "serious" || v.impact === "critical").length,
              violations: violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.targets.length })),
            },
          ]),
        ),
      ]),
    ),
  };
  await writeFile(path.join(ARTIFACTS, "axe-summary.json"), `${JSON.stringify(report, null, 2)}\n`);
});
