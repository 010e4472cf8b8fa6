import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { signatureInput as input, signatureOf, mailsTo, useLocalAppUrl } from "../../test/support/signing-helpers";
import { createJurisdiction, createOpenStatement } from "../../test/support/factories";
import {
  createPendingSignature,
  createVerifiedSignature,
  latestLink,
  tokenOf,
} from "../../test/support/signature-factories";
import { inspectVerification, verifySignature } from "./verify.server";
import { signStatement, SIGNING_LIMITS } from "./sign.server";
import { verifiedCount } from "./verified-count.server";

const hitsOf = async (key: string) =>
  (await getDb().selectFrom("rate_limits").select(sql<number>`sum(hits)::int`.as("n")).where("key", "=", key).executeTakeFirst())?.n;

useLocalAppUrl();

describe("signing", () => {
  it("stores a pending signature and queues its verification email with a single-use link", async () => {
    const { statement, wards } = await createOpenStatement();
    const data = input({ ward: String(wards[1].id), display: "initials", updates: true });
    const result = await signStatement({ slug: statement.slug, input: data, clientIp: "192.0.2.10", locale: "en" });
    expect(result).toEqual({ status: "ok", outcome: "created" });

    const row = await signatureOf(statement.id, data.email);
    expect(row).toMatchObject({ state: "pending", name: "Maria Garcia", ward_id: wards[1].id, outside_jurisdiction: false, display: "initials", updates: true, locale: "en", client_ip: "192.0.2.10" });
    const [mail] = await mailsTo(data.email);
    expect(mail.kind).toBe("signature_verification");
    expect(mail.subject).toBe(`Confirm your signature: ${statement.title}`);
    expect(mail.text_body).toContain("“Maria G.”");
    const token = tokenOf(await latestLink(data.email, "signature_verification", "/signatures/verify"));
    expect(Buffer.from(token, "base64url").length * 8).toBeGreaterThanOrEqual(128);
    const submissions = await getDb().selectFrom("signature_submissions").selectAll().where("signature_id", "=", row.id).execute();
    expect(submissions).toEqual([expect.objectContaining({ name: "Maria Garcia", display: "initials", ward_id: wards[1].id, updates: true, applied_at: null })]);
    expect(submissions[0].token_hash).not.toContain(token);
    expect(await verifiedCount(statement.id)).toBe(0);
  });

  it("writes the emails in the language the signer signed in", async () => {
    const { statement } = await createOpenStatement();
    const { email, token } = await createPendingSignature({ slug: statement.slug, locale: "es", display: "private" });
    const [verification] = await mailsTo(email);
    expect(verification.subject).toBe(`Confirme su firma: ${statement.title}`);
    expect(verification.text_body).toContain("Su nombre no aparece en este sitio");
    await verifySignature({ token });
    const confirmation = (await mailsTo(email))[1];
    expect(confirmation.subject).toBe(`Su firma cuenta: ${statement.title}`);
    expect((await signatureOf(statement.id, email)).locale).toBe("es");
  });

  it("records the ward, or that the signer lives elsewhere, and refuses wards of other places", async () => {
    const { statement } = await createOpenStatement();
    const other = await createJurisdiction();
    const sign = (ward: string) => signStatement({ slug: statement.slug, input: input({ ward }), clientIp: "192.0.2.11", locale: "en" });
    expect(await sign(String(other.wards[0].id))).toEqual({ status: "invalid", errors: { ward: "sign.error.wardUnknown" } });
    expect(await sign("")).toEqual({ status: "invalid", errors: { ward: "sign.error.wardRequired" } });
    const outside = input({ ward: "outside" });
    await signStatement({ slug: statement.slug, input: outside, clientIp: "192.0.2.11", locale: "en" });
    expect(await signatureOf(statement.id, outside.email)).toMatchObject({ ward_id: null, outside_jurisdiction: true });
    const rows = await getDb().selectFrom("signatures").select("id").where("statement_id", "=", statement.id).execute();
    expect(rows).toHaveLength(1);
  });

  it("ignores the ward when the statement does not ask", async () => {
    const { statement, wards } = await createOpenStatement({ askWard: false });
    const data = input({ ward: String(wards[0].id) });
    await signStatement({ slug: statement.slug, input: data, clientIp: "192.0.2.12", locale: "en" });
    expect(await signatureOf(statement.id, data.email)).toMatchObject({ ward_id: null, outside_jurisdiction: false });
  });

  it("turns away statements that are not open", async () => {
    const { statement } = await createOpenStatement();
    const sign = () => signStatement({ slug: statement.slug, input: input(), clientIp: "192.0.2.13", locale: "en" });
    for (const state of ["closed", "delivered"] as const) {
      await getDb().updateTable("statements").set({ state }).where("id", "=", statement.id).execute();
      expect(await sign()).toEqual({ status: "closed" });
    }
    for (const state of ["draft", "in_review", "rejected"] as const) {
      await getDb().updateTable("statements").set({ state }).where("id", "=", statement.id).execute();
      expect(await sign()).toEqual({ status: "not_found" });
    }
    expect(await signStatement({ slug: "no-such-statement", input: input(), clientIp: "192.0.2.13", locale: "en" })).toEqual({ status: "not_found" });
    const rows = await getDb().selectFrom("signatures").select("id").where("statement_id", "=", statement.id).execute();
    expect(rows).toHaveLength(0);
  });
});

describe("one person, one signature", () => {
  it("turns 50 concurrent submissions of one address into exactly one signature and one email", async () => {
    const { statement } = await createOpenStatement();
    const email = "same.person@example.org";
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        signStatement({ slug: statement.slug, input: input({ email, name: `Attempt ${i}` }), clientIp: "192.0.2.20", locale: "en" }),
      ),
    );
    expect(results.every((r) => r.status === "ok")).toBe(true);
    expect(results.filter((r) => r.status === "ok" && r.outcome === "created")).toHaveLength(1);
    const rows = await getDb().selectFrom("signatures").select("state").where("statement_id", "=", statement.id).execute();
    expect(rows).toEqual([{ state: "pending" }]);
    expect(await mailsTo(email)).toHaveLength(1);
    expect(await hitsOf(`sign:email:${email}`)).toBe(1);
    expect(await hitsOf("sign:ip:192.0.2.20")).toBe(50);
  });

  it("sends nothing for a second submission that raced the first", async () => {
    const { statement } = await createOpenStatement();
    const email = "racing.person@example.org";
    const sign = (clientIp: string, db?: Parameters<typeof signStatement>[1]) =>
      signStatement({ slug: statement.slug, input: input({ email }), clientIp, locale: "en" }, db);
    // The first submission is mid-transaction when the second starts: the second cannot see its row yet.
    const first = await getDb().startTransaction().execute();
    expect(await sign("198.51.100.1", first)).toEqual({ status: "ok", outcome: "created" });
    const second = sign("198.51.100.2");
    await new Promise((r) => setTimeout(r, 300));
    await first.commit().execute();
    expect(await second).toEqual({ status: "ok", outcome: "unchanged" });
    expect(await mailsTo(email)).toHaveLength(1);
    // It could not see the first's row when it counted the address, and took that hit back: one signature, one hit.
    expect(await hitsOf(`sign:email:${email}`)).toBe(1);
  });

  it("sends a pending address a new link for each new submission, at most once a minute; each link applies its own choices", async () => {
    const { statement } = await createOpenStatement();
    const { email, token: first } = await createPendingSignature({ slug: statement.slug, name: "First Name", display: "private" });
    const again = () => signStatement({ slug: statement.slug, input: input({ email, name: "Second Name", display: "full" }), clientIp: "192.0.2.21", locale: "en" });
    expect(await again()).toEqual({ status: "ok", outcome: "unchanged" });
    expect(await mailsTo(email)).toHaveLength(1);

    await getDb().updateTable("signatures").set({ last_sent_at: sql`now() - interval '2 minutes'` }).where("email", "=", email).execute();
    expect(await again()).toEqual({ status: "ok", outcome: "resent" });
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(2);
    expect(mails[1].text_body).toContain("Your name: Second Name");
    expect(await signatureOf(statement.id, email)).toMatchObject({ verification_sends: 2, state: "pending" });
    // Both links work, each with its own choices.
    expect(await inspectVerification({ token: first })).toMatchObject({ status: "ok", choices: { name: "First Name", display: "private" } });
    const second = tokenOf(await latestLink(email, "signature_verification", "/signatures/verify"));
    expect(await inspectVerification({ token: second })).toMatchObject({ status: "ok", choices: { name: "Second Name", display: "full" } });
    expect((await verifySignature({ token: second })).status).toBe("ok");
    expect(await signatureOf(statement.id, email)).toMatchObject({ name: "Second Name", display: "full", state: "verified" });
    // Confirming settled what came before it.
    expect(await verifySignature({ token: first })).toEqual({ status: "invalid" });
  });

  it("stops re-sending after the most sends allowed", async () => {
    const { statement } = await createOpenStatement();
    const { email } = await createPendingSignature({ slug: statement.slug });
    const outcomes = [];
    for (let i = 0; i < SIGNING_LIMITS.resend.maxSends + 2; i++) {
      await getDb().updateTable("signatures").set({ last_sent_at: sql`now() - interval '1 hour'` }).where("email", "=", email).execute();
      const r = await signStatement({ slug: statement.slug, input: input({ email }), clientIp: "192.0.2.22", locale: "en" });
      if (r.status === "ok") outcomes.push(r.outcome);
    }
    expect(outcomes.filter((o) => o === "resent")).toHaveLength(SIGNING_LIMITS.resend.maxSends - 1);
    expect(await mailsTo(email)).toHaveLength(SIGNING_LIMITS.resend.maxSends);
  });

  it("asks a verified address whether its choices changed, and changes nothing until the button is pressed", async () => {
    const { statement } = await createOpenStatement();
    const { email } = await createVerifiedSignature({ slug: statement.slug, name: "Kept Name", display: "full" });
    await getDb().updateTable("signatures").set({ last_sent_at: sql`now() - interval '2 minutes'` }).where("email", "=", email).execute();
    const before = await signatureOf(statement.id, email);
    const r = await signStatement({ slug: statement.slug, input: input({ email, name: "New Name", display: "private" }), clientIp: "192.0.2.23", locale: "en" });
    expect(r).toEqual({ status: "ok", outcome: "changeSent" });
    const change = (await mailsTo(email)).at(-1)!;
    expect(change).toMatchObject({ kind: "signature_change" });
    expect(change.text_body).toContain("Your name: New Name");
    expect(change.text_body).toContain("Your name is not shown on this site");
    const { verification_sends: _s, last_sent_at: _l, ...unchanged } = before;
    expect(await signatureOf(statement.id, email)).toMatchObject(unchanged);

    const token = tokenOf(await latestLink(email, "signature_change", "/signatures/verify"));
    expect(await inspectVerification({ token })).toMatchObject({ status: "ok", choices: { name: "New Name", change: true } });
    expect(await signatureOf(statement.id, email)).toMatchObject(unchanged);
    expect((await verifySignature({ token })).status).toBe("ok");
    expect(await signatureOf(statement.id, email)).toMatchObject({ name: "New Name", display: "private", state: "verified", verified_at: before.verified_at });
    expect(await verifiedCount(statement.id)).toBe(1);
  });
});

describe("abuse limits", () => {
  const tight = {
    ...SIGNING_LIMITS,
    perIp: { limit: 3, windowSeconds: 3600 },
    perEmail: { limit: 2, windowSeconds: 3600 },
  };

  it("quietly flags signatures past the per-address limit: stored, never emailed or counted", async () => {
    const { statement } = await createOpenStatement();
    const results = [];
    const emails = Array.from({ length: 5 }, (_, i) => `household-${i}@example.org`);
    for (const email of emails)
      results.push(await signStatement({ slug: statement.slug, input: input({ email }), clientIp: "192.0.2.40", locale: "en", limits: tight }));
    expect(results.every((r) => r.status === "ok")).toBe(true);
    const rows = await getDb()
      .selectFrom("signatures")
      .select(["email", "state", "suspicious_reason", sql<number>`(select count(*)::int from signature_submissions u where u.signature_id = signatures.id)`.as("links")])
      .where("statement_id", "=", statement.id)
      .orderBy("id")
      .execute();
    expect(rows.map((r) => r.state)).toEqual(["pending", "pending", "pending", "suspicious", "suspicious"]);
    expect(rows[4]).toMatchObject({ suspicious_reason: "rate_limit:ip", links: 0 });
    expect(await mailsTo(emails[4])).toHaveLength(0);
    expect(await verifiedCount(statement.id)).toBe(0);
  });

  it("quietly flags an address signing too many statements", async () => {
    const email = "busy.signer@example.org";
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      const { statement } = await createOpenStatement();
      const r = await signStatement({ slug: statement.slug, input: input({ email }), clientIp: `192.0.2.${50 + i}`, locale: "en", limits: tight });
      if (r.status === "ok") outcomes.push(r.outcome);
    }
    expect(outcomes).toEqual(["created", "created", "suspicious"]);
    expect(await mailsTo(email)).toHaveLength(2);
  });

  it("allows a library's worth of signers on one address by default", async () => {
    const { statement } = await createOpenStatement();
    const results = [];
    for (let i = 0; i < SIGNING_LIMITS.perIp.limit; i++)
      results.push(await signStatement({ slug: statement.slug, input: input({ email: `patron-${i}@example.org` }), clientIp: "192.0.2.60", locale: "en" }));
    expect(results.every((r) => r.status === "ok" && r.outcome === "created")).toBe(true);
  });
});
