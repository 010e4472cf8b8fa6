import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { publishStatement } from "~/models/statement.server";
import { sendStatementUpdate } from "~/models/statement-update.server";
import { startApp, type RunningApp } from "../support/app-server";
import { ARTIFACTS, launchBrowser, screenshot } from "../support/browser";
import { createSignature } from "../support/campaign-factories";
import { createOpenStatement, createSession, createStatement } from "../support/factories";
import { startTestMailbox, type TestMailbox } from "../support/mail";
import { createPendingSignature, createVerifiedSignature, latestLink } from "../support/signature-factories";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const LOCALES = ["en", "es"] as const;
const WIDTHS = [
  { device: "phone", width: 360 },
  { device: "desktop", width: 1280 },
] as const;
type Locale = (typeof LOCALES)[number];

let app: RunningApp;
let mailbox: TestMailbox;
let browser: Browser;
let c: Awaited<ReturnType<typeof createOpenStatement>>;
let session: Awaited<ReturnType<typeof createSession>>;
const paths: Record<string, string> = {};

beforeAll(async () => {
  c = await createOpenStatement({ goal: 40 });
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
  const review = await createStatement({ ownerId: c.owner.id, jurisdictionId: c.jurisdiction.id, officialIds: [c.officials[1].id], publish: false });
  await publishStatement({ id: review.id, moderation: "required" });

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

  session = await createSession(c.owner.id);
  mailbox = await startTestMailbox();
  app = await startApp({ SMTP_URL: mailbox.sink.url, ADMIN_EMAILS: c.owner.email, MODERATION: "required" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await mailbox?.stop();
});

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
  { name: "admin-moderation", path: () => "/admin/moderation", who: "organizer" },
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
  );
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
