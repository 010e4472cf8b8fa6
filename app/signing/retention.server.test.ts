import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { EnvError, parseEnv } from "~/env.server";
import { registeredJobs } from "~/jobs.server";
import { createOpenStatement } from "../../test/support/factories";
import { brokenInvariants } from "../../test/support/invariants";
import { createPendingSignature, createVerifiedSignature } from "../../test/support/signature-factories";
import { campaignStats, exportSignaturesCsv } from "~/organizers/dashboard.server";
import { deliverStatement, findOfficialDelivery, findPacketDownload } from "~/delivery/deliver.server";
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
  const delivery = await deliverStatement({ statementId: statement.id, userId: owner.id, reason: "manual" });
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
    expect(official!.files).toEqual([]);
    expect(official!.signature_count).toBe(before.delivery.signature_count);
    expect(await findPacketDownload({ token: old.officialToken, file: "packet.pdf" })).toBeUndefined();
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
});
