import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createDraft } from "../app/statements/drafts.server";
import { useApp } from "./support/app";
import { createBadInputWorld, useAnswerTally, type BadInputWorld } from "./support/bad-input";
import { createSession } from "./support/factories";
import { fieldError, type Entries } from "./support/forms";
import { hostileForm, hostileText, SPECIMENS } from "./support/hostile";
import { brokenInvariants } from "./support/invariants";

// Random and hostile input at every form, through the built app in process
// (what the HTTP layer refuses first, malformed addresses, oversized or
// non-form bodies, is in bad-input-http.test.ts): whatever arrives, the answer
// is never a 500 and the database is left with no row breaking an invariant
// (checked in SQL at the end).

const RUNS = { post: 120 };
const app = useApp({ inProcess: true });
const tally = useAnswerTally("bad-input");
let ctx: BadInputWorld;

beforeAll(async () => {
  ctx = await createBadInputWorld();
});

async function post(route: string, path: string, entries: Entries, options: { multipart?: boolean; cookie?: string } = {}) {
  const { status, html } = await app.postForm(path, entries, options);
  tally.count(route, status);
  return { status, text: html };
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

describe("bodies a browser would never send", () => {
  const slug = () => ctx.open.slug;

  it("reads the first of duplicated fields, and refuses NUL and control characters beside the field", async () => {
    const { wards } = ctx;
    const signed = await post("duplicated fields", `/statements/${slug()}`, [
      ["name", "First Name"],
      ["name", "Second\u0000Name"],
      ["email", "dup@example.org"],
      ["email", "other@example.org"],
      ["ward", String(wards[0].id)],
      ["display", "full"],
      ["display", "billboard"],
    ]);
    expect(signed.status).toBe(303);
    const row = await getDb().selectFrom("signatures").select(["name", "display"]).where("email", "=", "dup@example.org").executeTakeFirstOrThrow();
    expect(row).toEqual({ name: "First Name", display: "full" });
    expect(await getDb().selectFrom("signatures").select("id").where("email", "=", "other@example.org").execute()).toHaveLength(0);

    for (const [field, value, message] of [
      ["name", "Ma\u0000ria", "Your name contains characters that cannot be shown"],
      ["email", "nul\u0000@example.org", "Enter a single email address, without line breaks"],
    ]) {
      const fields = { name: "Maria", email: "nul-check@example.org", ward: "outside", display: "full", [field]: value };
      const res = await post("NUL", `/statements/${slug()}`, Object.entries(fields));
      expect(res.status).toBe(400);
      expect(fieldError(res.text, field)).toBe(message);
    }
  });

  it("keeps RTL, emoji and combining marks in a name exactly (as NFC), without bidi controls", async () => {
    for (const name of ["مريم الحسيني", "👩🏽‍🚀 Ada", "Zoe\u0301 Ng", "שלום \u202Eevil"]) {
      const email = `unicode-${Buffer.from(name).toString("hex").slice(0, 16)}@example.org`;
      const res = await post("unicode names", `/statements/${slug()}`, Object.entries({ name, email, ward: "outside", display: "full" }));
      expect(res.status).toBe(303);
      const row = await getDb().selectFrom("signatures").select("name").where("email", "=", email).executeTakeFirstOrThrow();
      expect(row.name).toBe(name.normalize("NFC").replace("\u202E", ""));
    }
  });
});

describe("afterwards", () => {
  it("no row breaks an invariant", async () => {
    expect(SPECIMENS.length).toBeGreaterThan(0);
    expect(tally.tried).toBeGreaterThan(RUNS.post);
    expect(await brokenInvariants()).toEqual({});
  });
});
