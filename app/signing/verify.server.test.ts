import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { expireLinksOf, signatureInput as input, signatureOf, mailsTo, useLocalAppUrl } from "../../test/support/signing-helpers";
import { createOpenStatement } from "../../test/support/factories";
import { createPendingSignature, createVerifiedSignature, latestLink, tokenOf } from "../../test/support/signature-factories";
import { inspectVerification, verifySignature, withdrawSignature } from "./verify.server";
import { signStatement } from "./sign.server";
import { getPublicStatement } from "~/statements/public-page.server";
import { COUNT_SHARDS, publicVerifiedCount, verifiedCount } from "./verified-count.server";

useLocalAppUrl();

describe("verification", () => {
  it("counts a signature once, emails a confirmation with a withdraw link, and refuses the link a second time", async () => {
    const { statement } = await createOpenStatement();
    const { email, token } = await createPendingSignature({ slug: statement.slug, display: "initials", name: "Maria Garcia" });
    // Looking at the link changes nothing.
    expect(await inspectVerification({ token })).toMatchObject({
      status: "ok",
      slug: statement.slug,
      title: statement.title,
      titleEs: "",
      choices: { name: "Maria Garcia", display: "initials", shownAs: "Maria G.", change: false },
    });
    expect((await signatureOf(statement.id, email)).state).toBe("pending");

    expect(await verifySignature({ token })).toMatchObject({ status: "ok", slug: statement.slug });
    expect(await signatureOf(statement.id, email)).toMatchObject({ state: "verified" });
    expect(await verifiedCount(statement.id)).toBe(1);
    const confirmation = (await mailsTo(email)).find((m) => m.kind === "signature_confirmation")!;
    expect(confirmation.text_body).toMatch(/\/signatures\/withdraw\?token=/);

    expect(await verifySignature({ token })).toEqual({ status: "used", slug: statement.slug });
    expect(await verifiedCount(statement.id)).toBe(1);
  });

  it("refuses an expired link, an unknown one, and one for a statement that has closed", async () => {
    const { statement } = await createOpenStatement();
    const late = await createPendingSignature({ slug: statement.slug });
    await expireLinksOf(late.email);
    expect(await verifySignature({ token: late.token })).toEqual({ status: "expired", slug: statement.slug });
    expect(await verifySignature({ token: "not-a-token" })).toEqual({ status: "invalid" });

    const pending = await createPendingSignature({ slug: statement.slug });
    await getDb().updateTable("statements").set({ state: "closed" }).where("id", "=", statement.id).execute();
    expect(await verifySignature({ token: pending.token })).toEqual({ status: "closed", slug: statement.slug });
    expect(await verifiedCount(statement.id)).toBe(0);
  });

  it("keeps the count exact when many signers confirm at once", async () => {
    const { statement } = await createOpenStatement();
    const pending = [];
    for (let i = 0; i < 40; i++) pending.push(await createPendingSignature({ slug: statement.slug }));
    const results = await Promise.all(pending.map((p) => verifySignature({ token: p.token })));
    expect(results.every((r) => r.status === "ok")).toBe(true);
    expect(await verifiedCount(statement.id)).toBe(40);
    expect(await publicVerifiedCount({ slug: statement.slug })).toBe(40);
    const shards = await getDb().selectFrom("statement_count_shards").select("verified").where("statement_id", "=", statement.id).execute();
    expect(shards.filter((s) => s.verified > 0).length).toBeGreaterThan(1);
  });

  it("does not wait for count shards other confirmations hold: it adds one", async () => {
    const { statement } = await createOpenStatement();
    const pending = await createPendingSignature({ slug: statement.slug });
    const holder = await getDb().startTransaction().execute();
    const held = await holder.selectFrom("statement_count_shards").select("shard").where("statement_id", "=", statement.id).forUpdate().execute();
    expect(held).toHaveLength(COUNT_SHARDS);
    const result = await verifySignature({ token: pending.token });
    await holder.rollback().execute();
    expect(result.status).toBe("ok");
    expect(await verifiedCount(statement.id)).toBe(1);
    const added = await getDb().selectFrom("statement_count_shards").select("verified").where("statement_id", "=", statement.id).where("shard", ">=", COUNT_SHARDS).execute();
    expect(added).toEqual([{ verified: 1 }]);
  });

  it("keeps the shards' sum equal to the verified rows through concurrent confirmations and withdrawals", async () => {
    const { statement } = await createOpenStatement();
    const verified = [];
    for (let i = 0; i < 12; i++) verified.push(await createVerifiedSignature({ slug: statement.slug }));
    const pending = [];
    for (let i = 0; i < 12; i++) pending.push(await createPendingSignature({ slug: statement.slug }));
    await Promise.all([
      ...verified.slice(0, 7).map((v) => withdrawSignature({ token: v.withdrawToken })),
      ...pending.map((p) => verifySignature({ token: p.token })),
      ...pending.slice(0, 4).map((p) => verifySignature({ token: p.token })), // repeated clicks
    ]);
    const rows = await getDb()
      .selectFrom("signatures")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("statement_id", "=", statement.id)
      .where("state", "=", "verified")
      .executeTakeFirstOrThrow();
    expect(rows.n).toBe(12 - 7 + 12);
    expect(await verifiedCount(statement.id)).toBe(rows.n);
  });
});

describe("withdrawal", () => {
  it("stops the count, once, and lets the signer sign again later", async () => {
    const { statement } = await createOpenStatement();
    const kept = await createVerifiedSignature({ slug: statement.slug });
    const leaving = await createVerifiedSignature({ slug: statement.slug, name: "Leaving Person" });
    expect(await verifiedCount(statement.id)).toBe(2);

    expect(await withdrawSignature({ token: leaving.withdrawToken })).toMatchObject({ status: "ok", slug: statement.slug });
    expect(await verifiedCount(statement.id)).toBe(1);
    expect(await signatureOf(statement.id, leaving.email)).toMatchObject({ state: "withdrawn" });
    expect(await withdrawSignature({ token: leaving.withdrawToken })).toEqual({ status: "used", slug: statement.slug });
    expect(await withdrawSignature({ token: kept.token })).toEqual({ status: "invalid" });
    expect(await verifiedCount(statement.id)).toBe(1);
    expect((await getPublicStatement({ slug: statement.slug }))!.recentSigners.map((s) => s.name)).not.toContain("Leaving Person");

    const r = await signStatement({ slug: statement.slug, input: input({ email: leaving.email }), clientIp: "192.0.2.30", locale: "en" });
    expect(r).toEqual({ status: "ok", outcome: "reactivated" });
    // Withdrawn until the new link is confirmed.
    expect(await signatureOf(statement.id, leaving.email)).toMatchObject({ state: "withdrawn" });
    expect(await verifiedCount(statement.id)).toBe(1);
    expect(await verifySignature({ token: tokenOf(await latestLink(leaving.email, "signature_verification", "/signatures/verify")) })).toMatchObject({ status: "ok" });
    expect(await signatureOf(statement.id, leaving.email)).toMatchObject({ state: "verified", withdrawn_at: null, name: "Maria Garcia" });
    expect(await verifiedCount(statement.id)).toBe(2);
  });

  it("works after the statement has closed", async () => {
    const { statement } = await createOpenStatement();
    const s = await createVerifiedSignature({ slug: statement.slug });
    await getDb().updateTable("statements").set({ state: "delivered" }).where("id", "=", statement.id).execute();
    expect((await withdrawSignature({ token: s.withdrawToken })).status).toBe("ok");
    expect(await verifiedCount(statement.id)).toBe(0);
  });
});
