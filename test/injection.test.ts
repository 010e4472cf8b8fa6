import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import type { CapturedMail } from "../server/mail-sink";
import { useApp } from "./support/app";
import { createSession, createUser } from "./support/factories";
import { fieldError } from "./support/forms";
import { linkIn } from "./support/mail";
import { pdfPages } from "./support/pdf";
import { officialTokens } from "./support/roles";

const app = useApp({ env: { ADMIN_EMAILS: "admin@example.org" } });

// Script payloads typed into every text a user can write, by the person who
// can write it, through the real forms. They must come out as text: escaped
// in every page, inert in every email, plain text in the PDF.

const SCRIPT = `<script>alert("xss")</script>`;
const IMG = `<img src=x onerror=alert(1)>`;
const P = `${SCRIPT}${IMG}`;
/** How React writes P as text. */
const ESCAPED_SCRIPT = "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;";
/** A title may not hold tags (publishing refuses them); it still gets everything else HTML cares about. */
const TITLE = `Safe & "sound" <3 'here' </`;
const FORMULA = `=HYPERLINK("http://evil.example","click")`;

let admin: { cookie: string; csrf: string };

beforeAll(async () => {
  admin = await createSession((await createUser({ email: "admin@example.org" })).id);
});

/** The page shows what was written, escaped, and nothing of it as markup. */
function expectEscaped(html: string, where: string) {
  expect(html, where).toContain(ESCAPED_SCRIPT);
  expect(html, where).not.toContain(SCRIPT);
  expect(html, where).not.toContain(IMG);
  expect(html, where).not.toContain("<3 'here'");
}
const get = async (p: string, cookie?: string) => (await app.fetch(p, { headers: cookie ? { cookie } : {}, redirect: "follow" })).text();

describe("script payloads in everything users write", () => {
  it("come out as text in every page, email, feed, CSV and PDF", async () => {
    const ownerUser = await createUser();
    const owner = await createSession(ownerUser.id);

    // The admin: a place, its wards and an official, all named with payloads.
    expect((await app.postForm("/admin/officials", { csrf: admin.csrf, intent: "addJurisdiction", jurisdictionName: `City of ${P}`, wards: `Ward ${P}\nWard two` }, admin.cookie)).status).toBe(302);
    const jurisdiction = await getDb().selectFrom("jurisdictions").select("id").where("name", "=", `City of ${P}`).executeTakeFirstOrThrow();
    const ward = await getDb().selectFrom("wards").select("id").where("jurisdiction_id", "=", jurisdiction.id).where("name", "=", `Ward ${P}`).executeTakeFirstOrThrow();
    expect((await app.postForm("/admin/officials", { csrf: admin.csrf, intent: "addOfficial", jurisdictionId: String(jurisdiction.id), name: `Mayor ${P}`, office: "mayor", wardId: "", email: "mayor-xss@example.org" }, admin.cookie)).status).toBe(302);
    const official = await getDb().selectFrom("officials").select("id").where("jurisdiction_id", "=", jurisdiction.id).executeTakeFirstOrThrow();

    // The organizer: every field of the statement.
    const created = await app.postForm("/organize/new", { csrf: owner.csrf, template: "blank", jurisdictionId: String(jurisdiction.id) }, owner.cookie);
    const id = Number(created.location!.match(/\/organize\/statements\/(\d+)/)![1]);
    const draft = {
      csrf: owner.csrf,
      title: TITLE,
      slug: "xss-statement",
      summary: `Summary ${P}`,
      preamble: [`Whereas ${P}`, `Whereas again ${P}`],
      callToResidents: `Call ${P}`,
      askOfOfficials: `Ask ${P}`,
      pledge: `Pledge ${P}`,
      goal: "10",
      deadline: "",
      askWard: "yes",
      deliveryTrigger: "manual",
      jurisdictionId: String(jurisdiction.id),
      officialIds: String(official.id),
    };
    // A title that breaks the line would become a second header line in every email about it.
    const broken = await app.postForm(`/organize/statements/${id}`, { ...draft, intent: "save", title: "Headline\r\nBcc: everyone@example.org" }, owner.cookie);
    expect(fieldError(broken.html, "title")).toBe("The title must fit on one line");
    const tagged = await app.postForm(`/organize/statements/${id}`, { ...draft, intent: "publish", title: `Title ${SCRIPT}` }, owner.cookie);
    expect(fieldError(tagged.html, "title")).toBe("The title cannot contain HTML tags");
    const published = await app.postForm(`/organize/statements/${id}`, { ...draft, intent: "publish" }, owner.cookie);
    expect(published.status, published.html.slice(0, 500)).toBe(302);
    const slug = "xss-statement";

    // Signers: a payload and a spreadsheet formula as names, both opting in to updates.
    for (const [name, email] of [
      [P, "xss-signer@example.org"],
      [FORMULA, "formula-signer@example.org"],
    ]) {
      expect((await app.postForm(`/statements/${slug}`, { name, email, ward: String(ward.id), display: "full", updates: "yes" })).status).toBe(303);
      const mail = await app.mailbox.waitFor((m) => m.to.includes(email) && m.subject.startsWith("Confirm"));
      const verifyPage = await get(new URL(linkIn(mail, "/signatures/verify")).pathname + new URL(linkIn(mail, "/signatures/verify")).search);
      expect(verifyPage).not.toContain(SCRIPT);
      const token = new URL(linkIn(mail, "/signatures/verify")).searchParams.get("token")!;
      expect((await app.postForm("/signatures/verify", { token })).status).toBe(303);
    }

    // While it is open, the public pages.
    for (const p of ["/", `/statements/${slug}`, `/statements/${slug}/embed`]) expectEscaped(await get(p), p);

    // The organizer writes to signers, then delivers; the official answers.
    expect((await app.postForm(`/organize/statements/${id}/updates`, { csrf: owner.csrf, subject: `News ${SCRIPT}`, body: `Body ${P}` }, owner.cookie)).status).toBe(302);
    expect((await app.postForm(`/organize/statements/${id}/delivery`, { csrf: owner.csrf, intent: "deliver", sequence: "1" }, owner.cookie)).status).toBe(302);
    const delivery = await getDb().selectFrom("deliveries").select("id").where("statement_id", "=", id).executeTakeFirstOrThrow();
    const [officialToken] = await officialTokens(delivery.id);
    expect((await app.postForm(`/officials/${officialToken}`, { intent: "respond", response: `Response ${P}` })).status).toBe(302);

    // An admin rejects another statement with a payload as the reason.
    const second = await app.postForm("/organize/new", { csrf: owner.csrf, template: "blank", jurisdictionId: String(jurisdiction.id) }, owner.cookie);
    const secondId = Number(second.location!.match(/(\d+)/)![1]);
    await app.postForm(`/organize/statements/${secondId}`, { ...draft, slug: "xss-second" }, owner.cookie);
    await getDb().updateTable("statements").set({ state: "in_review", canonical_text: "x", version_hash: "x" }).where("id", "=", secondId).execute();
    expect((await app.postForm("/admin/moderation", { csrf: admin.csrf, decision: "reject", statementId: String(secondId), reason: `Reason ${P}` }, admin.cookie)).status).toBe(302);

    // Every page that shows what they wrote.
    const pages: [string, string?][] = [
      [`/statements/${slug}`],
      [`/organize/statements/${id}`, owner.cookie],
      [`/organize/statements/${id}/preview`, owner.cookie],
      [`/organize/statements/${id}/dashboard`, owner.cookie],
      [`/organize/statements/${id}/updates`, owner.cookie],
      [`/organize/statements/${id}/delivery`, owner.cookie],
      [`/organize/statements/${secondId}`, owner.cookie],
      [`/admin/officials?j=${jurisdiction.id}`, admin.cookie],
      [`/officials/${officialToken}`],
      ["/dev/mailbox"],
    ];
    // What the in-process sink captures when SMTP_URL is unset, for the dev app.mailbox.
    await getDb().insertInto("dev_mail").values({ envelope_to: "xss-signer@example.org", subject: `Subject ${P}`, text_body: `Body ${P} http://x/${IMG}` }).execute();
    for (const [p, cookie] of pages) expectEscaped(await get(p, cookie), p);

    // The feed is XML: escaped the same way.
    const feed = await get("/statements.atom");
    expect(feed).toContain("Safe &amp; &quot;sound&quot; &lt;3");
    expect(feed).toContain("Summary &lt;script&gt;");
    expect(feed).not.toContain(SCRIPT);
    // The JSON carries the text as data, served as JSON and never sniffed as a page.
    const api = await app.fetch(`/api/statements/${slug}`);
    expect(api.headers.get("content-type")).toMatch(/^application\/json/);
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await api.json()).summary).toBe(`Summary ${P}`);

    // CSVs: the formula is text in the organizer's export and in the packet.
    const exportCsv = await get(`/organize/statements/${id}/signatures.csv`, owner.cookie);
    expect(exportCsv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    const packetCsv = await get(`/officials/${officialToken}/signatures.csv`);
    expect(packetCsv).toContain(`'=HYPERLINK(`);
    expect(packetCsv).not.toMatch(/(^|,)"?=HYPERLINK/m);

    // The PDF: the words as plain text, and nothing in it that runs.
    const pdf = Buffer.from(await (await app.fetch(`/officials/${officialToken}/packet.pdf`)).arrayBuffer());
    const text = (await pdfPages(pdf)).join(" ").replace(/\s+/g, "");
    // (The signers' table shortens long names and wards to fit their columns.)
    for (const written of [TITLE, `City of ${P}`, `Summary ${P}`, `Whereas ${P}`, `Pledge ${P}`, `${SCRIPT}<img src=x onerror`, `Ward ${SCRIPT}`, FORMULA])
      expect(text).toContain(written.replace(/\s+/g, ""));
    expect(pdf.toString("latin1")).not.toMatch(/\/(JavaScript|JS|OpenAction|AA|Launch|SubmitForm|ImportData)\b/);

    // Emails: every one to a single address, a one-line subject, and no HTML part that could run the payload.
    await app.mailbox.waitFor((m) => m.subject.includes("responded"));
    const mails: CapturedMail[] = app.mailbox.messages;
    expect(mails.length).toBeGreaterThan(8);
    for (const m of mails) {
      expect(m.to, m.subject).toHaveLength(1);
      expect(m.subject).not.toMatch(/[\r\n]/);
      if (m.html !== null) {
        expect(m.html, m.subject).not.toContain(SCRIPT);
        expect(m.html, m.subject).not.toContain(IMG);
      }
      for (const header of ["bcc", "cc"]) expect(m.headers.has(header), `${m.subject}: ${header}`).toBe(false);
    }
    const update = mails.find((m) => m.to[0] === "xss-signer@example.org" && m.subject.includes("News"))!;
    expect(update.subject).toBe(`[${TITLE}] News ${SCRIPT}`);
    expect(update.text).toContain(`Body ${P}`);
    const rejection = mails.find((m) => m.to[0] === ownerUser.email && m.text.includes("Reason"))!;
    expect(rejection.text).toContain(`Reason ${P}`);
    const answer = mails.find((m) => m.to[0] === "xss-signer@example.org" && m.subject.includes("responded"))!;
    expect(answer.text).toContain(`Response ${P}`);
  });
});

describe("email header injection", () => {
  it("is refused at every form that puts an address or a subject in an email", async () => {
    const ownerUser = await createUser();
    const owner = await createSession(ownerUser.id);
    const { jurisdiction } = await (await import("./support/factories")).createOpenStatement();
    const open = await (await import("./support/factories")).createOpenStatement();
    const injected = "victim@example.org\r\nBcc: everyone@example.org";
    const before = await getDb().selectFrom("outbox").select("id").execute();

    const login = await app.postForm("/login", { email: injected });
    expect(fieldError(login.html, "email")).toBe("Enter a single email address");
    const sign = await app.postForm(`/statements/${open.statement.slug}`, { name: "X", email: injected, ward: "outside", display: "full" });
    expect(fieldError(sign.html, "email")).toBe("Enter a single email address, without line breaks");
    await getDb().insertInto("statement_organizers").values({ statement_id: open.statement.id, user_id: ownerUser.id, role: "co_organizer" }).execute();
    const invite = await app.postForm(`/organize/statements/${open.statement.id}`, { csrf: owner.csrf, intent: "invite", email: injected }, owner.cookie);
    expect(fieldError(invite.html, "email")).toBe("Enter a single email address");
    const official = await app.postForm("/admin/officials", { csrf: admin.csrf, intent: "addOfficial", jurisdictionId: String(jurisdiction.id), name: "Mayor", office: "at_large_councilor", email: injected }, admin.cookie);
    expect(fieldError(official.html, "email")).toBe("Enter a single email address");
    const update = await app.postForm(`/organize/statements/${open.statement.id}/updates`, { csrf: owner.csrf, subject: "Hi\r\nBcc: everyone@example.org", body: "x" }, owner.cookie);
    expect(fieldError(update.html, "subject")).toBe("The subject must be one line of ordinary text");

    expect(await getDb().selectFrom("outbox").select("id").execute()).toHaveLength(before.length);
  });
});

describe("SQL", () => {
  it("is only ever written through Kysely's parameters: no sql.raw outside migrations, and every other escape hatch reviewed", async () => {
    // Each reviewed use: the file, the call, how many times, and why it is safe.
    const reviewed: Record<string, { call: string; count: number; why: string }[]> = {
      "app/delivery/packet-rows.server.ts": [
        { call: "sql.id(", count: 1, why: "a cursor named from the delivery's integer id" },
        { call: "sql.lit(", count: 1, why: "the page size, a constant" },
      ],
      "app/delivery/receipts.server.ts": [{ call: "sql.id(", count: 2, why: "the names of our CTEs, one a language of LOCALES (a constant)" }],
      "app/signing/my-signatures.server.ts": [
        { call: "sql.ref(", count: 3, why: "the address column (a constant) and the columns of a table alias named in code" },
      ],
      "app/mail/outbox.server.ts": [{ call: "sql.ref(", count: 1, why: "the column an email's address is read from, named in code (outboxInsertSql)" }],
      "app/officials/office-rank.server.ts": [
        { call: "sql.lit(", count: 3, why: "the offices of OFFICE_ORDER, their ranks and the count: constants" },
        { call: "sql.ref(", count: 3, why: "columns named in code by the queries that order officials" },
      ],
      "app/signing/verified-count.server.ts": [
        { call: "sql.id(", count: 1, why: "the name of a CTE of ours, typed as the literal \"upd\"" },
        { call: "sql.ref(", count: 1, why: "a column name written in our code (\"statements.id\" and the like), never input" },
      ],
      "db/postgres-dialect.ts": [{ call: ".unsafe(", count: 2, why: "the driver: Kysely's compiled SQL with its parameters bound" }],
      "server/embedded-postgres.ts": [{ call: ".unsafe(", count: 1, why: "CREATE DATABASE for a name the app itself chooses" }],
    };
    const escapes = ["sql.raw(", "sql.lit(", "sql.id(", "sql.ref(", "sql.table(", ".unsafe("];
    const found: Record<string, Record<string, number>> = {};
    async function walk(dir: string) {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (file !== path.join("db", "migrations")) await walk(file);
        } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
          const source = await readFile(file, "utf8");
          for (const call of escapes) {
            const n = source.split(call).length - 1;
            if (n) (found[file] ??= {})[call] = n;
          }
        }
      }
    }
    for (const dir of ["app", "db", "server", "scripts", "bench"]) await walk(dir);
    const unreviewed = Object.entries(found).flatMap(([file, calls]) =>
      Object.entries(calls)
        .filter(([call, n]) => call === "sql.raw(" || reviewed[file]?.find((r) => r.call === call)?.count !== n)
        .map(([call, n]) => `${file}: ${call} ×${n}`),
    );
    expect(unreviewed).toEqual([]);
  });
});
