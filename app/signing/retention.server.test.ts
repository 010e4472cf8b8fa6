import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { EnvError, parseEnv } from "~/env.server";
import { registeredJobs, startScheduledJobs } from "~/jobs.server";
import { signStatement } from "./sign.server";
import { createOpenStatement } from "../../test/support/factories";
import { brokenInvariants } from "../../test/support/invariants";
import { createPendingSignature, createVerifiedSignature } from "../../test/support/signature-factories";
import { campaignStats, exportSignaturesCsv } from "~/organizers/dashboard.server";
import { findOfficialDelivery, findPacketDownload } from "~/delivery/official-side.server";
import { deliverNow } from "../../test/support/delivery-factories";
import { registerRetentionJob } from "./retention-background.server";

registerRetentionJob();
import { runRetention } from "./retention.server";
import { getPublicStatement } from "../statements/public-page.server";
import { withdrawSignature } from "./verify.server";
import { sendStatementUpdate } from "~/organizers/updates.server";
import { verifiedCount } from "~/signing/verified-count.server";
import { officialTokens } from "../../test/support/roles";

const db = () => getDb();

/** A delivered statement with signers, its delivery moved `monthsAgo` into the past. */
async function deliveredStatement(monthsAgo: number) {
  const { statement, owner, wards } = await createOpenStatement({ wards: 2 });
  const signers = [
    await createVerifiedSignature({ slug: statement.slug, name: "Ada Lovelace", ward: String(wards[0].id), updates: true }),
    await createVerifiedSignature({ slug: statement.slug, name: "Grace Hopper", ward: String(wards[1].id), display: "initials" }),
    await createVerifiedSignature({ slug: statement.slug, name: "Withdrawn Person", ward: "outside" }),
  ];
  const pending = await createPendingSignature({ slug: statement.slug, name: "Pending Person" });
  await withdrawSignature({ token: signers[2].withdrawToken });
  await sendStatementUpdate({ statementId: statement.id, authorId: owner.id, subject: "Thanks", body: "Delivering soon." });
  const delivery = await deliverNow({ statementId: statement.id, userId: owner.id, reason: "manual" });
  const [officialToken] = await officialTokens(delivery.deliveryId);
  const back = sql`make_interval(months => ${monthsAgo})`;
  await db().updateTable("statements").set({ closed_at: sql`now() - ${back}` }).where("id", "=", statement.id).execute();
  await db().updateTable("deliveries").set({ delivered_at: sql`now() - ${back}` }).where("statement_id", "=", statement.id).execute();
  await db().updateTable("outbox").set({ created_at: sql`now() - ${back}`, state: "sent" }).where("to_address", "in", [...signers, pending].map((s) => s.email)).execute();
  return { statement, signers, pending, deliveryId: delivery.deliveryId, officialToken };
}

/** Everything retention must leave exactly as it was. */
async function record(statementId: number, deliveryId: number) {
  return {
    verified: await verifiedCount(statementId),
    states: await db().selectFrom("signatures").select(["id", "state", "ward_id", "outside_jurisdiction", "verified_at"]).where("statement_id", "=", statementId).orderBy("id").execute(),
    stats: await campaignStats({ statementId }),
    delivery: await db().selectFrom("deliveries").select(["packet_sha256", "manifest", "signature_count"]).where("id", "=", deliveryId).executeTakeFirstOrThrow(),
    files: await db().selectFrom("packet_files").select(["kind", "sha256", "bytes"]).where("delivery_id", "=", deliveryId).orderBy("kind").execute(),
    members: await db().selectFrom("delivery_signatures").select("signature_id").where("delivery_id", "=", deliveryId).orderBy("signature_id").execute(),
  };
}

describe("retention", () => {
  it("erases the signers of statements delivered more than RETENTION_MONTHS ago, keeping every count and hash", async () => {
    const old = await deliveredStatement(13);
    const recent = await deliveredStatement(11);
    const open = await createOpenStatement();
    const stillOpen = await createVerifiedSignature({ slug: open.statement.slug, name: "Open Signer" });
    const before = await record(old.statement.id, old.deliveryId);
    const recentBefore = await db().selectFrom("signatures").selectAll().where("statement_id", "=", recent.statement.id).orderBy("id").execute();

    // The registered job, with the default period (RETENTION_MONTHS unset: 12).
    const job = registeredJobs().find((j) => j.name === "retention");
    expect(job).toBeDefined();
    await job!.run();

    const erased = await db().selectFrom("signatures").selectAll().where("statement_id", "=", old.statement.id).execute();
    expect(erased).toHaveLength(4);
    for (const s of erased) {
      expect(s).toMatchObject({ name: "", display: "private", updates: false, client_ip: null, verify_token_hash: null, withdraw_token_hash: null });
      expect(s.email).toBe(`anonymized-${s.id}@invalid`);
      expect(s.anonymized_at).not.toBeNull();
    }
    expect(await db().selectFrom("statement_update_recipients").select("signature_id").where("signature_id", "in", erased.map((s) => s.id)).execute()).toEqual([]);
    expect(await record(old.statement.id, old.deliveryId)).toEqual(before);
    expect((await db().selectFrom("packet_files").select("purged_at").where("delivery_id", "=", old.deliveryId).execute()).every((f) => f.purged_at)).toBe(true);
    expect(
      await db().selectFrom("packet_file_chunks").select("file_id").where("file_id", "in", (eb) => eb.selectFrom("packet_files").select("id").where("delivery_id", "=", old.deliveryId)).execute(),
    ).toEqual([]);

    // Nobody can find them any more: not the public, the organizers, the official or a link.
    const page = await getPublicStatement({ slug: old.statement.slug });
    expect(page!.verified).toBe(before.verified);
    expect(page!.recentSigners).toEqual([]);
    let csv = "";
    for await (const chunk of exportSignaturesCsv({ statementId: old.statement.id })) csv += chunk;
    expect(csv).not.toMatch(/Ada|Grace|@/);
    expect(csv.trim().split("\r\n")).toHaveLength(1 + before.verified);
    const official = await findOfficialDelivery({ token: old.officialToken });
    expect(official.files).toEqual([]);
    expect(official.signature_count).toBe(before.delivery.signature_count);
    await expect(findPacketDownload({ token: old.officialToken, file: "packet.pdf" })).rejects.toMatchObject({ kind: "not_found" });
    expect(await findPacketDownload({ token: old.officialToken, file: "manifest.json" })).toBeDefined();
    expect(await withdrawSignature({ token: old.signers[0].withdrawToken })).toMatchObject({ status: "invalid" });
    expect(erased.filter((s) => s.updates)).toEqual([]);
    const mail = await db().selectFrom("outbox").select("to_address").where("to_address", "in", [...old.signers, old.pending].map((s) => s.email)).execute();
    expect(mail).toEqual([]);

    // Inside the period, or still open: untouched.
    expect(await db().selectFrom("signatures").selectAll().where("statement_id", "=", recent.statement.id).orderBy("id").execute()).toEqual(recentBefore);
    expect((await db().selectFrom("signatures").select("name").where("email", "=", stillOpen.email).executeTakeFirstOrThrow()).name).toBe("Open Signer");
    expect(await findPacketDownload({ token: recent.officialToken, file: "packet.pdf" })).toBeDefined();

    // Running again changes nothing.
    expect(await runRetention()).toMatchObject({ signatures: 0, packetFiles: 0 });
    expect(await brokenInvariants()).toEqual({});
  });

  it("follows RETENTION_MONTHS", async () => {
    const old = await deliveredStatement(4);
    const erased = async () =>
      (await db().selectFrom("signatures").select("anonymized_at").where("statement_id", "=", old.statement.id).execute()).filter((s) => s.anonymized_at).length;
    await runRetention({ months: 6 });
    expect(await erased()).toBe(0);
    await runRetention({ months: 3 });
    expect(await erased()).toBe(4);
    expect(await verifiedCount(old.statement.id)).toBe(2);

    expect(parseEnv({}).RETENTION_MONTHS).toBe(12);
    expect(parseEnv({ RETENTION_MONTHS: "" }).RETENTION_MONTHS).toBe(12);
    expect(parseEnv({ RETENTION_MONTHS: "24" }).RETENTION_MONTHS).toBe(24);
    for (const bad of ["0", "1.5", "twelve", "-3"]) {
      expect(() => parseEnv({ RETENTION_MONTHS: bad })).toThrow(EnvError);
      expect(() => parseEnv({ RETENTION_MONTHS: bad })).toThrow(/^Invalid environment variable RETENTION_MONTHS/);
    }
  });

  it("erases a statement that keeps collecting after delivery: its delivered signers, 12 months after the last delivery", async () => {
    const { statement, owner } = await createOpenStatement();
    await db().updateTable("statements").set({ keep_collecting: true }).where("id", "=", statement.id).execute();
    const delivered = [await createVerifiedSignature({ slug: statement.slug, name: "Kept Collecting" }), await createVerifiedSignature({ slug: statement.slug, name: "Also Delivered" })];
    await deliverNow({ statementId: statement.id, userId: owner.id, reason: "manual" });
    // Thirteen months ago, signed and delivered; the statement stayed open, collecting.
    await db().updateTable("deliveries").set({ delivered_at: sql<Date>`now() - make_interval(months => 13)` }).where("statement_id", "=", statement.id).execute();
    await db().updateTable("signatures").set({ created_at: sql<Date>`now() - make_interval(months => 14)` }).where("statement_id", "=", statement.id).execute();
    const later = await createVerifiedSignature({ slug: statement.slug, name: "Signed Since" });
    expect((await db().selectFrom("statements").select("state").where("id", "=", statement.id).executeTakeFirstOrThrow()).state).toBe("open");

    await registeredJobs().find((j) => j.name === "retention")!.run();

    const rows = await db().selectFrom("signatures").select(["email", "name", "anonymized_at"]).where("statement_id", "=", statement.id).execute();
    for (const signer of delivered) expect(rows.find((r) => r.email === signer.email)).toBeUndefined();
    expect(rows.filter((r) => r.anonymized_at)).toHaveLength(delivered.length);
    // Signed after the last delivery: kept until the next one (or the deadline) is a year old.
    expect(rows.find((r) => r.email === later.email)).toMatchObject({ name: "Signed Since", anonymized_at: null });
    expect(await brokenInvariants()).toEqual({});
  });

  it.each(["goal", "manual"] as const)("closes a %s-triggered statement at its deadline: it refuses signatures, and its signers are erased a year on", async (trigger) => {
    const { statement } = await createOpenStatement({ goal: 1000 });
    const recent = await createOpenStatement({ goal: 1000 });
    const signers = [await createVerifiedSignature({ slug: statement.slug, name: "Past Deadline" })];
    const recentSigner = await createVerifiedSignature({ slug: recent.statement.slug, name: "Yesterday's Deadline" });
    await db().updateTable("statements").set({ delivery_trigger: trigger, deadline: sql`now() - make_interval(months => 13)` }).where("id", "=", statement.id).execute();
    await db().updateTable("statements").set({ delivery_trigger: trigger, deadline: sql`now() - interval '1 day'` }).where("id", "=", recent.statement.id).execute();

    await registeredJobs().find((j) => j.name === "deadlines")!.run();
    for (const s of [statement, recent.statement]) {
      expect((await db().selectFrom("statements").select(["state", "closed_at"]).where("id", "=", s.id).executeTakeFirstOrThrow()).state).toBe("closed");
      const attempt = await signStatement({ slug: s.slug, input: { name: "Too Late", email: `late-${s.id}@example.org`, ward: "outside", display: "full", updates: false }, clientIp: "192.0.2.1", locale: "en" });
      expect(attempt).toEqual({ status: "closed" });
      expect((await getPublicStatement({ slug: s.slug }))!.acceptsSignatures).toBe(false);
    }

    await registeredJobs().find((j) => j.name === "retention")!.run();
    const names = async (id: number) => (await db().selectFrom("signatures").select("name").where("statement_id", "=", id).execute()).map((r) => r.name);
    // Counted from the deadline, not the closing a moment ago.
    expect(await names(statement.id)).toEqual(signers.map(() => ""));
    expect(await names(recent.statement.id)).toEqual([recentSigner.name]);
  });

  it("closes a statement that kept collecting after its goal was delivered as delivered, at its deadline", async () => {
    const { statement, owner } = await createOpenStatement();
    await db().updateTable("statements").set({ keep_collecting: true, delivery_trigger: "goal" }).where("id", "=", statement.id).execute();
    await createVerifiedSignature({ slug: statement.slug });
    await deliverNow({ statementId: statement.id, userId: owner.id, reason: "goal" });
    expect((await db().selectFrom("statements").select("state").where("id", "=", statement.id).executeTakeFirstOrThrow()).state).toBe("open");
    await db().updateTable("statements").set({ deadline: sql<Date>`now() - interval '1 minute'` }).where("id", "=", statement.id).execute();
    await registeredJobs().find((j) => j.name === "deadlines")!.run();
    expect((await db().selectFrom("statements").select("state").where("id", "=", statement.id).executeTakeFirstOrThrow()).state).toBe("delivered");
  });

  it("runs at start, not an hour later", async () => {
    const { statement } = await createOpenStatement();
    await createVerifiedSignature({ slug: statement.slug, name: "Start Signer" });
    await db().updateTable("statements").set({ deadline: sql`now() - make_interval(months => 14)` }).where("id", "=", statement.id).execute();
    const jobs = startScheduledJobs();
    try {
      const erased = async () => (await db().selectFrom("signatures").select("anonymized_at").where("statement_id", "=", statement.id).executeTakeFirstOrThrow()).anonymized_at;
      for (let waited = 0; !(await erased()) && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
      expect(await erased()).not.toBeNull();
      expect((await db().selectFrom("statements").select("state").where("id", "=", statement.id).executeTakeFirstOrThrow()).state).toBe("closed");
    } finally {
      await jobs.stop();
    }
  });
});
