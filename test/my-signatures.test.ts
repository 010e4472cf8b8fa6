import { sql, type KyselyPlugin } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { officialDisplayName } from "~/delivery/packet-csv";
import { hashToken } from "~/utils/crypto.server";
import { MY_SIGNATURES_LIMITS, requestMySignaturesLink } from "../app/signing/my-signatures.server";
import { verifiedCount } from "../app/signing/verified-count.server";
import { useApp } from "./support/app";
import { deliverNow } from "./support/delivery-factories";
import { createOpenStatement } from "./support/factories";
import { linkIn } from "./support/mail";
import { madeUpToken } from "./support/roles";
import { createPendingSignature, createVerifiedSignature } from "./support/signature-factories";

// /my-signatures: a signer's own signatures by emailed link. Through the
// built app in process, its outbox worker and a real SMTP mailbox.
const app = useApp({ inProcess: true });
const db = () => getDb();

let counter = 0;
const fresh = (what: string) => `${what}-${Date.now().toString(36)}-${counter++}@example.org`;

/** A signer with a verified signature on an open statement, a pending one on another, and one on a delivered statement. */
async function createSigner(email = fresh("signer")) {
  const open = await createOpenStatement();
  const second = await createOpenStatement();
  const delivered = await createOpenStatement();
  const verified = await createVerifiedSignature({ slug: open.statement.slug, email, name: "Rosa Martinez", display: "full", ward: String(open.wards[0].id), updates: true });
  await createPendingSignature({ slug: second.statement.slug, email, name: "Rosa Martinez", display: "initials" });
  await createVerifiedSignature({ slug: delivered.statement.slug, email, name: "Rosa Maria Martinez", display: "initials", ward: String(delivered.wards[1].id) });
  // Someone else on the same statements: never in this signer's pages or data.
  const other = await createVerifiedSignature({ slug: open.statement.slug, name: "Other Person", email: fresh("other") });
  await deliverNow({ statementId: delivered.statement.id, userId: delivered.owner.id, reason: "manual" });
  const rows = await db().selectFrom("signatures").selectAll().where("email", "=", email).execute();
  const on = (statementId: number) => rows.find((r) => r.statement_id === statementId)!;
  return { email, open, second, delivered, verified, other, ids: { open: on(open.statement.id).id, pending: on(second.statement.id).id, delivered: on(delivered.statement.id).id } };
}

/** Asks for a link as a browser would, and reads it from the email that arrives. */
async function linkFor(email: string) {
  const before = app.mailbox.messages.length;
  const res = await app.postForm("/my-signatures", { email });
  expect(res.status).toBe(302);
  const mail = await app.mailbox.waitFor((m) => app.mailbox.messages.indexOf(m) >= before && m.to.includes(email.toLowerCase()) && m.subject.includes("Your signatures"));
  const link = linkIn(mail, "/my-signatures/");
  return { link, path: new URL(link).pathname, token: new URL(link).pathname.split("/").pop()! };
}

const signature = (id: string) => db().selectFrom("signatures").selectAll().where("id", "=", id).executeTakeFirst();

describe("asking for a link", () => {
  it("answers an unknown address exactly as a known one, and emails only the known one", async () => {
    const { email } = await createSigner();
    const unknown = fresh("never-signed");
    const page = await app.getPage("/my-signatures");
    expect(page.status).toBe(200);
    expect(page.html).toContain('name="email"');

    const known = await app.postForm("/my-signatures", { email: email.toUpperCase() });
    const stranger = await app.postForm("/my-signatures", { email: unknown });
    expect([known.status, known.location, known.html]).toEqual([stranger.status, stranger.location, stranger.html]);
    expect(known.location).toBe("/my-signatures/sent");
    const sent = await app.getPage(known.location!);
    expect(sent.html).toContain("If this address has signed anything here, a link is on its way");

    // The address is matched as signatures store it (lower case).
    const mail = await app.mailbox.waitFor((m) => m.to.includes(email) && m.subject.includes("Your signatures"));
    expect(mail.text).toContain("/my-signatures/");
    const toStranger = await db().selectFrom("outbox").select("id").where("to_address", "=", unknown).execute();
    expect(toStranger).toEqual([]);
    expect(await db().selectFrom("signer_links").select("id").where("email", "=", unknown).execute()).toEqual([]);
    expect(app.mailbox.messages.filter((m) => m.to.includes(unknown))).toEqual([]);
  });

  it("does the same database work for both: the same statements, in the same order", async () => {
    const { email } = await createSigner();
    const statements: string[] = [];
    const recorder: KyselyPlugin = {
      transformQuery: (args) => {
        statements.push(args.node.kind === "RawNode" ? args.node.sqlFragments.join("?") : args.node.kind);
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const traced = db().withPlugin(recorder);
    const run = async (address: string, ip: string) => {
      statements.length = 0;
      const result = await requestMySignaturesLink({ email: address, clientIp: ip, locale: "en" }, traced);
      return { result, statements: [...statements] };
    };
    const known = await run(email, "192.0.2.10");
    const unknown = await run(fresh("nobody"), "192.0.2.11");
    expect(known.result).toEqual({ sent: true });
    expect(unknown.result).toEqual({ sent: false });
    expect(known.statements.length).toBeGreaterThan(0);
    expect(unknown.statements).toEqual(known.statements);
  });

  it("keeps to the per-address and per-client limits, quietly", async () => {
    const { email } = await createSigner();
    const mails = () => db().selectFrom("outbox").select("id").where("to_address", "=", email).where("kind", "=", "my_signatures_link").execute();
    const already = (await mails()).length;
    for (let i = 0; i < MY_SIGNATURES_LIMITS.perEmail.limit + 2; i++) await requestMySignaturesLink({ email, clientIp: `198.51.100.${i + 1}`, locale: "en" });
    expect((await mails()).length - already).toBe(MY_SIGNATURES_LIMITS.perEmail.limit);

    const ip = "203.0.113.77";
    const results: boolean[] = [];
    for (let i = 0; i < MY_SIGNATURES_LIMITS.perIp.limit + 2; i++) {
      const signer = i < 2 ? (await createSigner()).email : fresh("many");
      results.push((await requestMySignaturesLink({ email: signer, clientIp: ip, locale: "en" })).sent);
    }
    expect(results.slice(0, 2)).toEqual([true, true]);
    // Past the client's limit nothing is sent, even to an address with signatures.
    const late = await createSigner();
    expect((await requestMySignaturesLink({ email: late.email, clientIp: ip, locale: "en" })).sent).toBe(false);
  });

  it("keeps the input and says what is wrong beside the field; a bot gets the usual answer", async () => {
    for (const bad of ["", "not-an-address", "a@b\r\nBcc: x@example.org", "x".repeat(300) + "@example.org"]) {
      const res = await app.postForm("/my-signatures", { email: bad });
      expect(res.status, bad).toBe(400);
      expect(res.html).toContain('id="email-error"');
    }
    const kept = await app.postForm("/my-signatures", { email: "rosa@" });
    expect(kept.html).toContain('value="rosa@"');
    const bot = await app.postForm("/my-signatures", { email: fresh("bot"), website: "http://spam.example" });
    expect(bot.location).toBe("/my-signatures/sent");
    const spanish = await app.fetch("/my-signatures", { headers: { "accept-language": "es" } });
    expect(await spanish.text()).toContain("Envíenme un enlace");
  });

  it("emails the link in the language of the page that asked for it", async () => {
    const { email } = await createSigner();
    const res = await app.postForm("/my-signatures", { email }, { headers: { "accept-language": "es" } });
    expect(res.location).toBe("/my-signatures/sent");
    const mail = await app.mailbox.waitFor((m) => m.to.includes(email) && m.subject === "Sus firmas en Undersigned");
    expect(mail.text).toContain("El enlace funciona durante 60 minutos");
    expect(mail.text).toContain("/privacy");
  });

  it("stores only the link's hash, and the emailed link expires", async () => {
    const { email } = await createSigner();
    const { token, path } = await linkFor(email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await db().selectFrom("signer_links").selectAll().where("token_hash", "=", hashToken(token)).executeTakeFirstOrThrow();
    expect(row.email).toBe(email);
    const clear = await sql<{ n: number }>`select count(*)::int as n from signer_links where token_hash = ${token} or email = ${token}`.execute(db());
    expect(clear.rows[0].n).toBe(0);
    expect((await app.getPage(path)).status).toBe(200);
    await db().updateTable("signer_links").set({ expires_at: sql`now() - interval '1 second'` }).where("id", "=", row.id).execute();
    const expired = await app.getPage(path);
    expect(expired.status).toBe(410);
    expect(expired.html).toContain("This link has expired");
  });
});

describe("the emailed link", () => {
  let signer: Awaited<ReturnType<typeof createSigner>>;
  let path: string;
  beforeAll(async () => {
    signer = await createSigner();
    ({ path } = await linkFor(signer.email));
  });

  it("lists every statement the address signed, with its state, and nobody else's, privately", async () => {
    const page = await app.getPage(path);
    expect(page.status).toBe(200);
    expect(page.res.headers.get("cache-control")).toBe("no-store");
    expect(page.res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.html).toContain('<meta name="referrer" content="no-referrer"');
    for (const s of [signer.open, signer.second, signer.delivered]) expect(page.html).toContain(`/statements/${s.statement.slug}`);
    expect(page.html).toContain("Confirmed: it counts.");
    expect(page.html).toContain("Not confirmed yet");
    expect(page.html).toContain("Delivered to officials on");
    expect(page.html).toContain("Shown on the site as “Rosa Martinez”");
    expect(page.html).not.toContain("Other Person");
    expect(page.html).not.toContain(signer.other.email);
    // No GET changes anything: every action is a form that posts.
    expect(page.html).not.toMatch(/href="[^"]*intent=/);
  });

  it("changes the display choice until delivery, and says why it can't after", async () => {
    const changed = await app.postForm(path, { intent: "display", signature: signer.ids.open, display: "private" });
    expect(changed.status).toBe(302);
    expect(changed.location).toBe(`${path}?done=display`);
    expect((await signature(signer.ids.open))!.display).toBe("private");
    const page = await app.getPage(changed.location!);
    expect(page.html).toContain("Saved: your choice applies now.");
    expect(page.html).toContain("Your name is not shown on the site.");
    const statementPage = await app.getPage(`/statements/${signer.open.statement.slug}`);
    expect(statementPage.html).not.toContain("Rosa Martinez");

    const refused = await app.postForm(path, { intent: "display", signature: signer.ids.delivered, display: "full" });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain("delivered to officials");
    expect((await signature(signer.ids.delivered))!.display).toBe("initials");
    expect(page.html).toContain("who keep the packet as it was");
  });

  it("withdraws a counted signature after a confirmation, through the withdraw rule", async () => {
    const count = () => verifiedCount(signer.open.statement.id, db());
    const before = await count();
    const asked = await app.postForm(path, { intent: "withdraw", signature: signer.ids.open });
    expect(asked.status).toBe(200);
    expect(asked.html).toContain("Withdraw your signature?");
    expect(asked.html).toContain('name="confirmed" value="yes"');
    expect((await signature(signer.ids.open))!.state).toBe("verified");

    const done = await app.postForm(path, { intent: "withdraw", signature: signer.ids.open, confirmed: "yes" });
    expect(done.location).toBe(`${path}?done=withdraw`);
    expect((await signature(signer.ids.open))!.state).toBe("withdrawn");
    expect(await count()).toBe(before - 1);
    const again = await app.postForm(path, { intent: "withdraw", signature: signer.ids.open, confirmed: "yes" });
    expect(again.status).toBe(409);
    expect(await count()).toBe(before - 1);
    // Only a confirmed signature can be withdrawn; a pending one is erased instead.
    const pending = await app.postForm(path, { intent: "withdraw", signature: signer.ids.pending, confirmed: "yes" });
    expect(pending.status).toBe(409);
  });

  it("exports everything stored about the address as JSON, and nothing about anyone else", async () => {
    const res = await app.postForm(`${path}/export`, {});
    expect(res.status).toBe(200);
    expect(res.res.headers.get("content-type")).toContain("application/json");
    expect(res.res.headers.get("content-disposition")).toMatch(/^attachment; filename="my-signatures-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.res.headers.get("cache-control")).toBe("no-store");
    const data = JSON.parse(res.html);
    expect(data.address).toBe(signer.email);
    expect(data.signatures).toHaveLength(3);
    const bySlug = (slug: string) => data.signatures.find((s: { statement: { slug: string; url: string } }) => s.statement.slug === slug && s.statement.url.endsWith(`/statements/${slug}`));
    expect(bySlug(signer.open.statement.slug)).toMatchObject({ state: "withdrawn", name: "Rosa Martinez", display: "private", wantsUpdates: true, ward: signer.open.wards[0].name, language: "en", statementState: "open" });
    expect(bySlug(signer.second.statement.slug)).toMatchObject({ state: "pending", display: "initials", verifiedAt: null });
    expect(bySlug(signer.delivered.statement.slug).deliveredAt).toEqual(expect.any(String));
    expect(res.html).not.toContain("Other Person");
    expect(res.html).not.toContain(signer.other.email);
  });

  it("erases: a row no packet carries is deleted; a delivered one keeps only what its packet holds", async () => {
    const asked = await app.postForm(path, { intent: "erase", signature: signer.ids.delivered });
    expect(asked.html).toContain("Erase your signature?");
    expect(asked.html).toContain("keep only what that packet already holds");
    expect(await signature(signer.ids.delivered)).toMatchObject({ email: signer.email });

    for (const id of [signer.ids.pending, signer.ids.open]) {
      const done = await app.postForm(path, { intent: "erase", signature: id, confirmed: "yes" });
      expect(done.location).toBe(`${path}?done=erase`);
      expect(await signature(id)).toBeUndefined();
    }
    const counted = await verifiedCount(signer.delivered.statement.id, db());
    const before = (await signature(signer.ids.delivered))!;
    const done = await app.postForm(path, { intent: "erase", signature: signer.ids.delivered, confirmed: "yes" });
    expect(done.location).toBe(`${path}?done=erase`);
    const after = (await signature(signer.ids.delivered))!;
    expect(after).toMatchObject({
      name: officialDisplayName("Rosa Maria Martinez", "initials"),
      email: `erased-${after.id}@invalid`,
      display: "private",
      state: "verified",
      ward_id: before.ward_id,
      outside_jurisdiction: before.outside_jurisdiction,
      client_ip: null,
      updates: false,
      withdraw_token_hash: null,
    });
    expect(after.name).toBe("Rosa M.");
    expect(after.verified_at).toEqual(before.verified_at);
    expect(after.erased_at).not.toBeNull();
    expect(await verifiedCount(signer.delivered.statement.id, db())).toBe(counted);
    // Its packet membership is unchanged.
    const member = await db().selectFrom("delivery_signatures").select("delivery_id").where("signature_id", "=", signer.ids.delivered).execute();
    expect(member).toHaveLength(1);

    const empty = await app.getPage(path);
    expect(empty.html).toContain("This address has no signatures here.");
    expect(await db().selectFrom("signatures").select("id").where("email", "=", signer.email).execute()).toEqual([]);
    expect((await db().selectFrom("signatures").select("id").where("email", "=", signer.other.email).execute()).length).toBe(1);
  });
});

describe("without the emailed link", () => {
  it("every action is refused without a valid token, with a wrong one and with an expired one, and changes nothing", async () => {
    const signer = await createSigner();
    const { token, path } = await linkFor(signer.email);
    const wrong = `/my-signatures/${madeUpToken()}`;
    const stranger = await linkFor((await createSigner()).email);
    const expiredToken = (await linkFor((await createSigner()).email)).token;
    await db().updateTable("signer_links").set({ expires_at: sql`now() - interval '1 minute'` }).where("token_hash", "=", hashToken(expiredToken)).execute();
    const expired = `/my-signatures/${expiredToken}`;
    const id = signer.ids.open;
    const actions: Record<string, string>[] = [
      { intent: "display", signature: id, display: "private" },
      { intent: "withdraw", signature: id, confirmed: "yes" },
      { intent: "erase", signature: id, confirmed: "yes" },
      { intent: "withdraw", signature: id },
    ];
    const before = await signature(id);
    for (const fields of actions) {
      for (const [where, status] of [
        [wrong, 404],
        [expired, 410],
        ["/my-signatures/x", 404],
        [`/my-signatures/${token.slice(0, -1)}`, 404],
      ] as const) {
        const res = await app.postForm(where, fields);
        expect(res.status, `${fields.intent} at ${where}`).toBe(status);
        expect(res.html).not.toContain("Rosa Martinez");
      }
      // Another address's valid link: the signature is not one of its own.
      const res = await app.postForm(stranger.path, fields);
      expect(res.status, `${fields.intent} with another address's link`).toBe(404);
      // A GET with the action's fields changes nothing either.
      const get = await app.getPage(`${path}?${new URLSearchParams(fields)}`);
      expect(get.status).toBe(200);
    }
    // The export: only by POST, only with a valid link.
    for (const [where, status] of [
      [`${wrong}/export`, 404],
      [`${expired}/export`, 410],
      [`/my-signatures/${token.slice(0, -1)}/export`, 404],
    ] as const) {
      const res = await app.postForm(where, {});
      expect(res.status, where).toBe(status);
      expect(res.html).not.toContain(signer.email);
    }
    expect((await app.getPage(`${path}/export`)).status).toBe(405);
    const exported = await app.postForm(`${path}/export`, {});
    expect(JSON.parse(exported.html).address).toBe(signer.email);
    expect(await signature(id)).toEqual(before);
    const wrongPage = await app.getPage(wrong);
    expect(wrongPage.status).toBe(404);
    expect(wrongPage.html).toContain("This link is not valid");
    expect(wrongPage.res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers bad input with a 4xx, never a 500", async () => {
    const signer = await createSigner();
    const { path } = await linkFor(signer.email);
    const cases: [string, Record<string, string> | string, number][] = [
      ["no intent", {}, 400],
      ["unknown intent", { intent: "delete-everything" }, 400],
      ["no signature", { intent: "display", display: "full" }, 400],
      ["a word for an id", { intent: "erase", signature: "abc", confirmed: "yes" }, 400],
      ["a negative id", { intent: "erase", signature: "-1", confirmed: "yes" }, 400],
      ["an id too large", { intent: "erase", signature: "9".repeat(40), confirmed: "yes" }, 400],
      ["an id nobody has", { intent: "erase", signature: "999999999999999999", confirmed: "yes" }, 404],
      ["an unknown display", { intent: "display", signature: signer.ids.open, display: "everyone" }, 400],
      ["confirmed is not yes", { intent: "erase", signature: signer.ids.open, confirmed: "maybe" }, 400],
      ["a body that is not a form", "%%%not=a&form", 400],
    ];
    for (const [what, fields, status] of cases) {
      const res = await app.postForm(path, fields);
      expect(res.status, what).toBe(status);
    }
    const json = await app.fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: '{"intent":"erase"}' });
    expect(json.status).toBeLessThan(500);
    expect(json.status).toBeGreaterThanOrEqual(400);
    const long = await app.getPage(`/my-signatures/${"a".repeat(5000)}`);
    expect(long.status).toBe(404);
    expect((await signature(signer.ids.open))!.state).toBe("verified");
  });
});
