import net from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { MAX_BODY_BYTES } from "../server/middleware/body-limit";
import { sendStatementUpdate } from "../app/organizers/updates.server";
import { deliverStatement } from "../app/delivery/deliver.server";
import { createDraft } from "../app/statements/drafts.server";
import { publishStatement } from "../app/statements/publish.server";
import { officialTokens } from "./support/roles";
import { startApp, type RunningApp } from "./support/app-server";
import { createJurisdiction, createSession, createStatement, createUser } from "./support/factories";
import { fieldError } from "./support/forms";
import { formBody, hostileForm, hostileText, recordFigures, SPECIMENS, type Entries } from "./support/hostile";
import { brokenInvariants } from "./support/invariants";
import { startTestMailbox, type TestMailbox } from "./support/mail";
import { createPendingSignature, createVerifiedSignature, latestLink, tokenOf } from "./support/signature-factories";

// Random and hostile input at every form and address, through the real
// server: whatever arrives, the answer is never a 500 and the database is
// left with no row breaking an invariant (checked in SQL at the end).

const RUNS = { post: 120, get: 300 };
let inputsTried = 0;
const served = new Map<string, Map<number, number>>();

let app: RunningApp;
let mailbox: TestMailbox;
let ctx: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const owner = await createUser();
  const coOrganizer = await createUser();
  const { jurisdiction, wards, officials } = await createJurisdiction({ wards: 3 });
  const officialIds = officials.map((o) => o.id);
  const open = await createStatement({ ownerId: owner.id, jurisdictionId: jurisdiction.id, officialIds });
  await getDb().insertInto("statement_organizers").values({ statement_id: open.id, user_id: coOrganizer.id, role: "co_organizer" }).execute();
  const pending = await createPendingSignature({ slug: open.slug });
  const verified = await createVerifiedSignature({ slug: open.slug });
  const subscriber = await createVerifiedSignature({ slug: open.slug, updates: true });
  await sendStatementUpdate({ statementId: open.id, authorId: owner.id, subject: "News", body: "Thank you" });
  const unsubscribeToken = tokenOf(await latestLink(subscriber.email, "statement-update", "/unsubscribe"));
  const reviews: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = await createStatement({ ownerId: owner.id, jurisdictionId: jurisdiction.id, officialIds, publish: false });
    reviews.push((await publishStatement({ id: s.id, moderation: "required" })).id);
  }
  const admin = await createSession((await createUser({ email: "admin@example.org" })).id);
  const delivered = await createStatement({ ownerId: owner.id, jurisdictionId: jurisdiction.id, officialIds });
  await createVerifiedSignature({ slug: delivered.slug });
  const delivery = await deliverStatement({ statementId: delivered.id, userId: owner.id, reason: "manual" });
  const [official] = await officialTokens(delivery.deliveryId);
  return {
    owner,
    ownerSession: await createSession(owner.id),
    admin,
    jurisdiction,
    wards,
    officialIds,
    open,
    reviews,
    delivered,
    tokens: { verify: pending.token, withdraw: verified.withdrawToken, unsubscribe: unsubscribeToken, official },
  };
}

beforeAll(async () => {
  mailbox = await startTestMailbox();
  app = await startApp({ SMTP_URL: mailbox.sink.url });
  ctx = await setup();
});
afterAll(async () => {
  await app?.stop();
  await mailbox?.stop();
  await recordFigures("bad-input", { inputsTried, statusesByRoute: Object.fromEntries([...served].map(([r, m]) => [r, Object.fromEntries(m)])) });
});

function count(route: string, status: number) {
  inputsTried++;
  const byStatus = served.get(route) ?? new Map<number, number>();
  byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  served.set(route, byStatus);
}

async function post(route: string, path: string, entries: Entries, { multipart = false, cookie }: { multipart?: boolean; cookie?: string } = {}) {
  const { body, headers } = formBody(entries, multipart);
  const res = await fetch(`${app.url}${path}`, { method: "POST", body, headers: { ...headers, ...(cookie ? { cookie } : {}) }, redirect: "manual" });
  const text = await res.text();
  count(route, res.status);
  return { status: res.status, text };
}

/** Runs `runs` hostile posts at one route; each must be answered without a server error. */
async function fuzzForm(
  route: string,
  arb: fc.Arbitrary<Entries>,
  target: () => { path: string; cookie?: string },
  runs = RUNS.post,
) {
  await fc.assert(
    fc.asyncProperty(arb, fc.boolean(), async (entries, multipart) => {
      const { path, cookie } = target();
      const { status, text } = await post(route, path, entries, { multipart, cookie });
      if (status >= 500) throw new Error(`${status} from ${path}: ${text.slice(0, 300)}`);
    }),
    { numRuns: runs },
  );
}

/** encodeURIComponent, with lone surrogates (which it refuses) as U+FFFD, as a browser sends them. */
const encode = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));

/**
 * A POST over a bare socket, reading whatever status comes back: a server
 * refusing an oversized body answers before the client has finished
 * sending it, which fetch reports only as a broken pipe.
 */
function rawPost(url: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname);
    let answer = "";
    socket.on("data", (d) => (answer += d.toString("latin1")));
    socket.on("error", () => {});
    socket.on("close", () => {
      const status = answer.match(/^HTTP\/1\.1 (\d{3})/);
      if (status) resolve(Number(status[1]));
      else reject(new Error(`no answer: ${answer.slice(0, 200)}`));
    });
    const head = [`POST ${pathname} HTTP/1.1`, `Host: ${hostname}:${port}`, `Content-Length: ${body.length}`, "Connection: close", ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    socket.write(`${head.join("\r\n")}\r\n\r\n`);
    socket.write(body);
  });
}

const id = fc.oneof(hostileText, fc.integer({ min: -5, max: 50 }).map(String), fc.constantFrom("2147483647", "2147483648", "9007199254740993", "1e3"));
const csrfOf = (session: { csrf: string }) => fc.oneof({ weight: 5, arbitrary: fc.constant(session.csrf) }, { weight: 1, arbitrary: hostileText });

describe("public forms", () => {
  it("signing: never a 500, whatever the fields", async () => {
    const ward = fc.oneof(hostileText, fc.constantFrom("outside", "", ...ctx.wards.map((w) => String(w.id))));
    const display = fc.oneof(hostileText, fc.constantFrom("full", "initials", "private"));
    const arb = hostileForm(["name", "email", "ward", "display", "updates", "website"], { ward, display, email: fc.oneof(fc.emailAddress(), hostileText) });
    let embed = false;
    await fuzzForm("POST /statements/:slug", arb, () => {
      embed = !embed;
      return { path: `/statements/${ctx.open.slug}${embed ? "?embed=1" : ""}` };
    });
  });

  it("sign-in, confirmations, unsubscribing and the language switch: never a 500", async () => {
    await fuzzForm("POST /login", hostileForm(["email", "redirectTo", "website"]), () => ({ path: "/login" }));
    const token = (real: string) => fc.oneof(hostileText, fc.constant(real), fc.constant(real.toUpperCase()), fc.constant(`${real}x`));
    await fuzzForm("POST /login/verify", hostileForm(["token", "redirectTo"]), () => ({ path: "/login/verify" }));
    await fuzzForm("POST /signatures/verify", hostileForm(["token"], { token: token(ctx.tokens.verify) }), () => ({ path: "/signatures/verify" }));
    await fuzzForm("POST /signatures/withdraw", hostileForm(["token"], { token: token(ctx.tokens.withdraw) }), () => ({ path: "/signatures/withdraw" }));
    await fuzzForm("POST /unsubscribe", hostileForm(["token"], { token: token(ctx.tokens.unsubscribe) }), () => ({ path: "/unsubscribe" }));
    await fuzzForm("POST /language", hostileForm(["lang", "back"], { lang: fc.oneof(hostileText, fc.constantFrom("en", "es")) }), () => ({ path: "/language" }));
  });
});

describe("organizer and admin forms", () => {
  it("starting and editing a draft, inviting and removing organizers: never a 500", async () => {
    const { ownerSession: session, owner } = ctx;
    await fuzzForm(
      "POST /organize/new",
      hostileForm(["csrf", "template", "jurisdictionId"], { csrf: csrfOf(session), template: fc.oneof(hostileText, fc.constantFrom("hate-free-pledge", "blank")), jurisdictionId: id }),
      () => ({ path: "/organize/new", cookie: session.cookie }),
    );

    let draftId = 0;
    const freshDraft = async () => {
      const d = await createDraft({ userId: owner.id, templateId: "hate-free-pledge", jurisdictionId: ctx.jurisdiction.id });
      if (d.status !== "ok") throw new Error("no draft");
      draftId = d.statement.id;
    };
    await freshDraft();
    const intent = fc.oneof(fc.constantFrom("save", "preview", "addReason", "publish", "publishSaved", "invite", "removeOrganizer", "copy"), hostileText);
    const fields = [
      "csrf", "intent", "title", "slug", "summary", "preamble", "callToResidents", "askOfOfficials", "pledge", "goal", "deadline",
      "askWard", "deliveryTrigger", "keepCollecting", "jurisdictionId", "officialIds", "email", "userId",
    ];
    const arb = hostileForm(fields, {
      csrf: csrfOf(session),
      intent,
      jurisdictionId: fc.oneof(id, fc.constant(String(ctx.jurisdiction.id))),
      officialIds: fc.oneof(id, fc.constantFrom(...ctx.officialIds.map(String))),
      userId: id,
      goal: fc.oneof(id, fc.integer({ min: 1, max: 1000 }).map(String)),
      deadline: fc.oneof(hostileText, fc.constantFrom("2099-12-31", "2027-02-30", "1999-01-01")),
      deliveryTrigger: fc.oneof(hostileText, fc.constantFrom("manual", "deadline", "goal")),
    });
    await fc.assert(
      fc.asyncProperty(arb, fc.boolean(), async (entries, multipart) => {
        const { status, text } = await post("POST /organize/statements/:id", `/organize/statements/${draftId}`, entries, { multipart, cookie: session.cookie });
        if (status >= 500) throw new Error(`${status}: ${text.slice(0, 300)}`);
        // Once published the draft is frozen: carry on with a new one.
        const row = await getDb().selectFrom("statements").select("state").where("id", "=", draftId).executeTakeFirstOrThrow();
        if (row.state !== "draft") await freshDraft();
      }),
      { numRuns: RUNS.post },
    );
  });

  it("the delivery board and an official's page: never a 500", async () => {
    const { ownerSession: session } = ctx;
    await fuzzForm(
      "POST /organize/statements/:id/delivery",
      hostileForm(["csrf", "intent", "sequence", "officialDeliveryId"], {
        csrf: csrfOf(session),
        intent: fc.oneof(hostileText, fc.constantFrom("deliver", "retry")),
        sequence: fc.oneof(id, fc.constantFrom("1", "2")),
        officialDeliveryId: id,
      }),
      () => ({ path: `/organize/statements/${ctx.delivered.id}/delivery`, cookie: session.cookie }),
    );
    await fuzzForm(
      "POST /officials/:token",
      hostileForm(["intent", "response"], { intent: fc.oneof(hostileText, fc.constantFrom("acknowledge", "preview", "edit", "respond")) }),
      () => ({ path: `/officials/${ctx.tokens.official}` }),
    );
  });

  it("updates to signers: never a 500", async () => {
    const { ownerSession: session } = ctx;
    await fuzzForm("POST /organize/statements/:id/updates", hostileForm(["csrf", "subject", "body"], { csrf: csrfOf(session) }), () => ({
      path: `/organize/statements/${ctx.open.id}/updates`,
      cookie: session.cookie,
    }));
  });

  it("moderation and the officials directory: never a 500", async () => {
    const { admin } = ctx;
    await fuzzForm(
      "POST /admin/moderation",
      hostileForm(["csrf", "decision", "statementId", "reason"], {
        csrf: csrfOf(admin),
        decision: fc.oneof(hostileText, fc.constantFrom("approve", "reject")),
        statementId: fc.oneof(id, fc.constantFrom(...ctx.reviews.map(String))),
      }),
      () => ({ path: "/admin/moderation", cookie: admin.cookie }),
    );
    const officials = await getDb().selectFrom("officials").select("id").execute();
    const csv = fc.oneof(
      hostileText,
      fc.array(fc.tuple(hostileText, fc.constantFrom("mayor", "ward councilor", "at-large", "other"), fc.oneof(hostileText, fc.constantFrom("Ward 1", "2")), fc.oneof(fc.emailAddress(), hostileText)), { maxLength: 4 })
        .map((rows) => ["name,office,ward,email", ...rows.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(","))].join("\n")),
    );
    await fuzzForm(
      "POST /admin/officials",
      hostileForm(["csrf", "intent", "jurisdictionId", "officialId", "name", "office", "wardId", "email", "jurisdictionName", "wards", "csv"], {
        csrf: csrfOf(admin),
        intent: fc.oneof(hostileText, fc.constantFrom("addJurisdiction", "addOfficial", "editOfficial", "retire", "restore", "import")),
        jurisdictionId: fc.oneof(id, fc.constant(String(ctx.jurisdiction.id))),
        officialId: fc.oneof(id, fc.constantFrom(...officials.map((o) => String(o.id)))),
        office: fc.oneof(hostileText, fc.constantFrom("mayor", "ward_councilor", "at_large_councilor", "other")),
        wardId: fc.oneof(id, fc.constantFrom("", ...ctx.wards.map((w) => String(w.id)))),
        email: fc.oneof(fc.emailAddress(), hostileText),
        wards: fc.oneof(hostileText, fc.array(hostileText, { maxLength: 5 }).map((w) => w.join("\n"))),
        csv,
      }),
      () => ({ path: "/admin/officials", cookie: admin.cookie }),
    );
  });

  it("signing out: never a 500", async () => {
    let session = await createSession(ctx.owner.id);
    await fc.assert(
      fc.asyncProperty(hostileForm(["csrf"], { csrf: fc.oneof(fc.constant("valid"), hostileText) }), fc.boolean(), async (entries, multipart) => {
        const sent = entries.map(([k, v]) => [k, k === "csrf" && v === "valid" ? session.csrf : v] as [string, string]);
        const { status, text } = await post("POST /logout", "/logout", sent, { multipart, cookie: session.cookie });
        if (status >= 500) throw new Error(`${status}: ${text.slice(0, 300)}`);
        if (status === 302) session = await createSession(ctx.owner.id);
      }),
      { numRuns: RUNS.post },
    );
  });
});

describe("addresses and query strings", () => {
  it("answers a malformed address with 400 and stays up (one such request used to end the process)", async () => {
    for (const path of ["/%E0%A4%A", "/statements/%", "/statements/%00", "/api/statements/a%00b", "/statements/x%0d%0aSet-Cookie:%20a=b/count"]) {
      const res = await fetch(`${app.url}${path}`);
      count("malformed address", res.status);
      expect(res.status, path).toBe(400);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it("never a 500 for any path segment or query value", async () => {
    const segment = fc.oneof(
      hostileText.map(encode),
      fc.constantFrom("%", "%zz", "%E0%A4%A", "%00", "%C0%AE%C0%AE", "..%2F..%2F", "%F0%9F%98", "%ED%A0%80"),
    );
    const q = hostileText.map(encode);
    const { open, ownerSession, admin } = ctx;
    const pages = [
      (s: string) => [`/statements/${s}`],
      (s: string) => [`/statements/${s}/count`],
      (s: string) => [`/api/statements/${s}`],
      (s: string) => [`/statements/${s}/signed`],
      (s: string, v: string) => [`/statements/${s}/embed?error=${v}&sent=${v}`],
      (s: string, v: string) => [`/statements/${open.slug}/embed?error=${v}`],
      (s: string, v: string) => [`/statements/${open.slug}?confirmed=${v}`],
      (s: string, v: string) => [`/?q=${v}&jurisdiction=${v}&sort=${v}`],
      (s: string, v: string) => [`/signatures/verify?token=${v}`],
      (s: string, v: string) => [`/signatures/withdraw?token=${v}`],
      (s: string, v: string) => [`/unsubscribe?token=${v}`],
      (s: string, v: string) => [`/login?redirectTo=${v}`],
      (s: string, v: string) => [`/login/verify?token=${v}&redirectTo=${v}`],
      (s: string) => [`/organize/statements/${s}`, ownerSession.cookie],
      (s: string) => [`/organize/statements/${s}/dashboard`, ownerSession.cookie],
      (s: string) => [`/organize/statements/${s}/updates`, ownerSession.cookie],
      (s: string) => [`/organize/statements/${s}/preview`, ownerSession.cookie],
      (s: string) => [`/organize/statements/${s}/signatures.csv`, ownerSession.cookie],
      (s: string, v: string) => [`/organize/statements/${open.id}/updates?sent=${v}`, ownerSession.cookie],
      (s: string, v: string) => [`/organize/statements/${open.id}?notice=${v}`, ownerSession.cookie],
      (s: string, v: string) => [`/admin/officials?j=${v}&edit=${v}&notice=${v}&added=${v}`, admin.cookie],
      (s: string, v: string) => [`/admin/moderation?done=${v}`, admin.cookie],
      (s: string) => [`/officials/${s}`],
      (s: string) => [`/officials/${ctx.tokens.official}/${s}`],
      (s: string, v: string) => [`/officials/${ctx.tokens.official}?done=${v}`],
      (s: string) => [`/organize/statements/${s}/delivery`, ownerSession.cookie],
      (s: string, v: string) => [`/organize/statements/${ctx.delivered.id}/delivery?done=${v}`, ownerSession.cookie],
      (s: string) => [`/${s}`],
      (s: string) => [`/build/${s}`],
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat(pages.length - 1), segment, q, fc.oneof(fc.constant(undefined), hostileText.map(encode)), async (i, s, v, cookieJunk) => {
        const [path, cookie] = pages[i](s, v);
        const headers: Record<string, string> = {};
        if (cookie) headers.cookie = cookie;
        else if (cookieJunk) headers.cookie = `__session=${cookieJunk}; lang=${cookieJunk}`;
        const res = await fetch(`${app.url}${path}`, { headers, redirect: "manual" });
        const text = await res.text();
        count(`GET ${pages[i]("…", "…")[0]}`, res.status);
        if (res.status >= 500) throw new Error(`${res.status} from ${path}: ${text.slice(0, 300)}`);
      }),
      { numRuns: RUNS.get },
    );
  });
});

describe("bodies a browser would never send", () => {
  const slug = () => ctx.open.slug;

  it("refuses bodies over the limit with 413, on every kind of form", async () => {
    const big = "a".repeat(MAX_BODY_BYTES + 1);
    const multipart = Buffer.from(`--b\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n${big}\r\n--b--\r\n`);
    for (const path of [`/statements/${slug()}`, "/login", "/admin/officials", "/signatures/verify", "/unsubscribe"]) {
      for (const [type, body] of [
        ["application/x-www-form-urlencoded", Buffer.from(`name=${big}`)],
        ["multipart/form-data; boundary=b", multipart],
      ] as const) {
        const status = await rawPost(`${app.url}${path}`, { "Content-Type": type, Cookie: ctx.admin.cookie }, body);
        count("oversized", status);
        expect(status, `${type} to ${path}`).toBe(413);
      }
    }
  });

  it("answers a body that is not a form with a clear 415 or 400, on every form route", async () => {
    const routes = [
      `/statements/${slug()}`,
      "/login",
      "/login/verify",
      "/signatures/verify",
      "/signatures/withdraw",
      "/language",
      "/logout",
      "/organize/new",
      `/organize/statements/${ctx.open.id}`,
      `/organize/statements/${ctx.open.id}/updates`,
      "/admin/officials",
      "/admin/moderation",
      `/organize/statements/${ctx.open.id}/delivery`,
      `/officials/${ctx.tokens.official}`,
    ];
    const bodies: [string, string, number][] = [
      ["application/json", JSON.stringify({ name: "x", email: "a@b.c" }), 415],
      ["text/plain", "name=x", 415],
      ["application/xml", "<a/>", 415],
      ["multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nunterminated", 400],
      ["multipart/form-data", "no boundary at all", 400],
    ];
    for (const path of routes) {
      for (const [type, body, expected] of bodies) {
        const res = await fetch(`${app.url}${path}`, { method: "POST", body, headers: { "content-type": type, cookie: ctx.admin.cookie }, redirect: "manual" });
        count("wrong content type", res.status);
        expect(res.status, `${type} to ${path}`).toBe(expected);
        expect(await res.text()).toMatch(/web form|could not be read/);
      }
    }
    // The one exception: mail clients' one-click unsubscribes, whatever they send, get an answer.
    for (const [type, body] of bodies) {
      const res = await fetch(`${app.url}/unsubscribe?token=nope`, { method: "POST", body, headers: { "content-type": type } });
      count("wrong content type", res.status);
      expect(res.status, type).toBe(404);
    }
  });

  it("reads the first of duplicated fields, and refuses NUL and control characters beside the field", async () => {
    const { wards } = ctx;
    const dup = new URLSearchParams([
      ["name", "First Name"],
      ["name", "Second\u0000Name"],
      ["email", "dup@example.org"],
      ["email", "other@example.org"],
      ["ward", String(wards[0].id)],
      ["display", "full"],
      ["display", "billboard"],
    ]);
    const signed = await fetch(`${app.url}/statements/${slug()}`, { method: "POST", body: dup, redirect: "manual" });
    count("duplicated fields", signed.status);
    expect(signed.status).toBe(303);
    const row = await getDb().selectFrom("signatures").select(["name", "display"]).where("email", "=", "dup@example.org").executeTakeFirstOrThrow();
    expect(row).toEqual({ name: "First Name", display: "full" });
    expect(await getDb().selectFrom("signatures").select("id").where("email", "=", "other@example.org").execute()).toHaveLength(0);

    for (const [field, value, message] of [
      ["name", "Ma\u0000ria", "Your name contains characters that cannot be shown"],
      ["email", "nul\u0000@example.org", "Enter a single email address, without line breaks"],
    ]) {
      const body = new URLSearchParams({ name: "Maria", email: "nul-check@example.org", ward: "outside", display: "full", [field]: value });
      const res = await fetch(`${app.url}/statements/${slug()}`, { method: "POST", body, redirect: "manual" });
      count("NUL", res.status);
      expect(res.status).toBe(400);
      expect(fieldError(await res.text(), field)).toBe(message);
    }
  });

  it("keeps RTL, emoji and combining marks in a name exactly (as NFC)", async () => {
    for (const name of ["مريم الحسيني", "👩🏽‍🚀 Ada", "Zoe\u0301 Ng", "שלום \u202Eevil"]) {
      const email = `unicode-${Buffer.from(name).toString("hex").slice(0, 16)}@example.org`;
      const res = await fetch(`${app.url}/statements/${slug()}`, {
        method: "POST",
        body: new URLSearchParams({ name, email, ward: "outside", display: "full" }),
        redirect: "manual",
      });
      count("unicode names", res.status);
      expect(res.status).toBe(303);
      const row = await getDb().selectFrom("signatures").select("name").where("email", "=", email).executeTakeFirstOrThrow();
      expect(row.name).toBe(name.normalize("NFC"));
    }
  });
});

describe("afterwards", () => {
  it("no row breaks an invariant", async () => {
    expect(SPECIMENS.length).toBeGreaterThan(0);
    expect(inputsTried).toBeGreaterThan(RUNS.get);
    expect(await brokenInvariants()).toEqual({});
  });
});
