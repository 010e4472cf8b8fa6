import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { verifiedCount } from "~/signing/verified-count.server";
import { parseCsv } from "~/utils/csv";
import { createOpenStatement } from "../../test/support/factories";
import { addSignature, addVerifiedSignatures, deliverNow, officialLinks, verifySignature } from "../../test/support/delivery-factories";
import { pdfPages } from "../../test/support/pdf";
import { deliverDueStatements, deliverStatement } from "./deliver.server";
import { findPacketDownload } from "./official-side.server";
import { CSV_COLUMNS, officialDisplayName } from "./packet-csv";
import { findPacketFile, readPacketFile } from "./packet-files.server";
import { verifyPacket } from "./verify-packet";

async function packetOf(deliveryId: number) {
  const csvFile = (await findPacketFile({ deliveryId, kind: "csv" }))!;
  const pdfFile = (await findPacketFile({ deliveryId, kind: "pdf" }))!;
  const csv = await readPacketFile(csvFile.id);
  const pdf = await readPacketFile(pdfFile.id);
  const delivery = await getDb().selectFrom("deliveries").selectAll().where("id", "=", deliveryId).executeTakeFirstOrThrow();
  const [header, ...rows] = parseCsv(csv.toString("utf8"), { exact: true });
  return { csv, pdf, manifest: delivery.manifest!, delivery, header, rows };
}

describe("deliverStatement", () => {
  it("freezes exactly the verified signatures into a CSV, a PDF and a manifest that verifies", async () => {
    const { statement, wards, officials, owner } = await createOpenStatement({ wards: 3 });
    await addVerifiedSignatures({ statementId: statement.id, count: 137, wardIds: wards.map((w) => w.id), noWardEvery: 11 });
    const tricky = await addSignature({ statementId: statement.id, name: '=cmd|" /C calc"!A0, Jr.', wardId: wards[1].id, display: "full" });
    await addSignature({ statementId: statement.id, name: "Pending Person", state: "pending" });
    await addSignature({ statementId: statement.id, name: "Suspicious Person", state: "suspicious" });
    await addSignature({ statementId: statement.id, name: "Withdrawn Person", state: "withdrawn" });
    const counted = await verifiedCount(statement.id);

    const result = await deliverNow({ statementId: statement.id, userId: owner.id, reason: "manual" });
    expect(result.count).toBe(counted);
    const p = await packetOf(result.deliveryId);

    expect(p.header).toEqual([...CSV_COLUMNS]);
    expect(p.rows).toHaveLength(counted);
    expect(p.csv.toString("utf8")).not.toMatch(/@/);
    expect(p.csv.toString("utf8")).not.toMatch(/Pending Person|Suspicious Person|Withdrawn Person/);
    expect(p.rows.map((r) => r[1])).toContain(`'=cmd|" /C calc"!A0, Jr.`);
    expect(tricky.email).toMatch(/@/);

    expect(await verifyPacket({ manifest: p.manifest, csv: p.csv, pdf: p.pdf })).toEqual({ ok: true, problems: [], rows: counted });
    expect(p.manifest.signatures.count).toBe(counted);
    expect(p.manifest.statement.versionHash).toBe(statement.version_hash);
    expect(p.manifest.signatures.chain.seed).toBe(statement.version_hash);
    const byWard = p.manifest.signatures.byWard.reduce((n, w) => n + w.count, 0);
    expect(byWard + p.manifest.signatures.outsideJurisdiction + p.manifest.signatures.wardNotGiven).toBe(counted);
    expect(p.manifest.signatures.outsideJurisdiction).toBeGreaterThan(0);
    expect(p.manifest.signatures.wardNotGiven).toBeGreaterThan(0);

    // One changed row breaks it.
    const lines = p.csv.toString("utf8").split("\r\n");
    lines[5] = lines[5].replace(/,(yes|no),/, (_, v) => `,${v === "yes" ? "no" : "yes"},`);
    const changed = await verifyPacket({ manifest: p.manifest, csv: lines.join("\r\n") });
    expect(changed.ok).toBe(false);
    expect(changed.problems.map((x) => x.code)).toEqual(expect.arrayContaining(["chain", "merkle"]));

    // The PDF, read back by a PDF reader, holds the statement and every name.
    const pages = await pdfPages(p.pdf);
    const text = pages.join(" ");
    expect(text).toContain(statement.title);
    // Lines may break after a hyphen, so compare without whitespace.
    const squeezed = text.replace(/\s+/g, "");
    for (const paragraph of [statement.summary, ...statement.preamble, statement.call_to_residents, statement.ask_of_officials, statement.pledge])
      expect(squeezed).toContain(paragraph.replace(/\s+/g, ""));
    expect(text).toContain(statement.version_hash!);
    const names = await getDb()
      .selectFrom("signatures")
      .select(["name", "display"])
      .where("statement_id", "=", statement.id)
      .where("state", "=", "verified")
      .execute();
    expect(names).toHaveLength(counted);
    for (const n of names) expect(text).toContain(officialDisplayName(n.name, n.display));
    // Every page carries the integrity hash and its number.
    pages.forEach((page, i) => {
      expect(page).toContain(p.manifest.packetSha256);
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
    });
    // The cover counts each ward beside its councilor.
    const ward2 = p.manifest.signatures.byWard.find((w) => w.ward === wards[1].name)!;
    const councilor2 = officials.find((o) => o.ward_id === wards[1].id)!;
    expect(pages[0]).toContain(`${wards[1].name} ${councilor2.name} ${ward2.count}`);

    const after = await getDb().selectFrom("statements").select(["state", "closed_at"]).where("id", "=", statement.id).executeTakeFirstOrThrow();
    expect(after.state).toBe("delivered");
    expect(after.closed_at).not.toBeNull();
  });

  it("writes a packet read from the cursor in several batches whole and in order", async () => {
    const { statement, wards } = await createOpenStatement({ wards: 2 });
    // More than two of packetRows' batches of 1,000.
    await addVerifiedSignatures({ statementId: statement.id, count: 2_345, wardIds: wards.map((w) => w.id) });
    const { deliveryId, count } = await deliverNow({ statementId: statement.id, reason: "manual" });
    expect(count).toBe(2_345);
    const p = await packetOf(deliveryId);
    expect(p.rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(await verifyPacket({ manifest: p.manifest, csv: p.csv, pdf: p.pdf })).toEqual({ ok: true, problems: [], rows: count });
    const pages = await pdfPages(p.pdf);
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
    expect(pages.join(" ")).toContain(p.rows.at(-1)![1]);
  });

  it("leaves out a signature verified after the freeze, and a supplement carries only it", async () => {
    const { statement, wards } = await createOpenStatement({ wards: 2 });
    await getDb().updateTable("statements").set({ keep_collecting: true }).where("id", "=", statement.id).execute();
    await addVerifiedSignatures({ statementId: statement.id, count: 25, wardIds: wards.map((w) => w.id) });
    const late = await addSignature({ statementId: statement.id, name: "Late Verifier", state: "pending", wardId: wards[0].id });

    const first = await deliverNow({ statementId: statement.id, reason: "manual" });
    await verifySignature({ id: late.id, statementId: statement.id });
    const p1 = await packetOf(first.deliveryId);
    expect(p1.rows).toHaveLength(25);
    expect(p1.csv.toString("utf8")).not.toContain("Late Verifier");
    expect((await pdfPages(p1.pdf)).join(" ")).not.toContain("Late Verifier");
    expect((await getDb().selectFrom("statements").select("state").where("id", "=", statement.id).executeTakeFirstOrThrow()).state).toBe("open");

    const second = await deliverNow({ statementId: statement.id, reason: "manual" });
    expect(second.sequence).toBe(2);
    const p2 = await packetOf(second.deliveryId);
    expect(p2.rows.map((r) => r[1])).toEqual(["Late Verifier"]);
    expect((await verifyPacket({ manifest: p2.manifest, csv: p2.csv })).ok).toBe(true);
    // The supplement's chain continues from the first packet's.
    expect(p2.manifest.signatures.chain.seed).toBe(p1.manifest.signatures.chain.head);
    expect(p2.manifest.delivery.previousPacketSha256).toBe(p1.manifest.packetSha256);

    expect(await deliverStatement({ statementId: statement.id, reason: "manual" })).toEqual({ status: "nothing_new" });
    // A repeated click on the button that offered delivery 2 does nothing.
    const repeat = await deliverStatement({ statementId: statement.id, reason: "manual", expectedSequence: 2 });
    expect(repeat).toMatchObject({ status: "repeated", sequence: 2 });
    expect(await getDb().selectFrom("deliveries").select("id").where("statement_id", "=", statement.id).execute()).toHaveLength(2);
  });

  it("forgets a delivery's membership when the statement is deleted", async () => {
    const { statement } = await createOpenStatement();
    await addVerifiedSignatures({ statementId: statement.id, count: 7 });
    const { deliveryId } = await deliverNow({ statementId: statement.id, reason: "manual" });
    const members = () => getDb().selectFrom("delivery_signatures").select("signature_id").where("delivery_id", "=", deliveryId).execute();
    expect(await members()).toHaveLength(7);
    await getDb().deleteFrom("statements").where("id", "=", statement.id).execute();
    expect(await members()).toHaveLength(0);
  });

  it("refuses drafts and writes nothing when it refuses", async () => {
    const { statement } = await createOpenStatement();
    expect(await deliverStatement({ statementId: statement.id, reason: "manual" })).toEqual({ status: "nothing_new" });
    await getDb().updateTable("statements").set({ state: "draft" }).where("id", "=", statement.id).execute();
    await addVerifiedSignatures({ statementId: statement.id, count: 3 });
    expect(await deliverStatement({ statementId: statement.id, reason: "manual" })).toEqual({ status: "not_deliverable" });
    expect(await getDb().selectFrom("deliveries").select("id").where("statement_id", "=", statement.id).execute()).toHaveLength(0);
  });

  it("emails each official once, telling a ward councilor how many signers are from their ward", async () => {
    const { statement, wards, officials } = await createOpenStatement({ wards: 3 });
    await addVerifiedSignatures({ statementId: statement.id, count: 40, wardIds: wards.map((w) => w.id) });
    const { deliveryId } = await deliverNow({ statementId: statement.id, reason: "manual" });
    const links = await officialLinks(deliveryId);
    expect(links.map((l) => l.to_address).sort()).toEqual(officials.map((o) => o.email).sort());
    const counts = await getDb()
      .selectFrom("signatures")
      .select(["ward_id", (eb) => eb.fn.countAll<string>().as("n")])
      .where("statement_id", "=", statement.id)
      .where("outside_jurisdiction", "=", false)
      .groupBy("ward_id")
      .execute();
    for (const l of links) {
      expect(l.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/\.pdf$/), expect.stringMatching(/\.csv$/)]);
      expect(l.attachments.every((a) => a.ref && !a.base64)).toBe(true);
      if (l.office !== "ward_councilor") {
        expect(l.text_body).not.toMatch(/from your ward/);
        continue;
      }
      const official = officials.find((o) => o.name === l.official_name)!;
      const ward = wards.find((w) => w.id === official.ward_id)!;
      const n = Number(counts.find((c) => c.ward_id === ward.id)!.n);
      expect(l.ward_count).toBe(n);
      expect(l.text_body).toContain(`${n} of these signers are from your ward, ${ward.name}.`);
    }
  });

  it("links instead of attaching when the packet is over the size limit", async () => {
    const { statement } = await createOpenStatement();
    await addVerifiedSignatures({ statementId: statement.id, count: 5 });
    const { deliveryId } = await deliverNow({ statementId: statement.id, reason: "manual", attachmentLimit: 1000 });
    for (const l of await officialLinks(deliveryId)) {
      expect(l.attachments).toEqual([]);
      expect(l.text_body).toContain("too large to attach");
    }
  });
});

describe("npm run verify-packet", () => {
  it("checks downloaded files offline and names what was changed", async () => {
    const { statement } = await createOpenStatement();
    await addVerifiedSignatures({ statementId: statement.id, count: 12 });
    const { deliveryId } = await deliverNow({ statementId: statement.id, reason: "manual" });
    const [link] = await officialLinks(deliveryId);
    const manifest = (await findPacketDownload({ token: link.token, file: "manifest.json" }))!;
    const p = await packetOf(deliveryId);
    const dir = mkdtempSync(path.join(os.tmpdir(), "packet-"));
    const file = (name: string, data: string | Buffer) => {
      writeFileSync(path.join(dir, name), data);
      return path.join(dir, name);
    };
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "scripts/verify-packet.ts", ...args], { encoding: "utf8" });
    const args = [file("manifest.json", manifest.body as string), file("signatures.csv", p.csv), file("packet.pdf", p.pdf)];

    const good = run(...args);
    expect(good.status).toBe(0);
    expect(good.stdout).toContain(`OK: 12 signatures, packet ${p.manifest.packetSha256}`);

    const changed = run(args[0], file("changed.csv", p.csv.toString("utf8").replace("Signer 3 ", "Signer 8 ")));
    expect(changed.status).toBe(1);
    expect(changed.stderr).toMatch(/FAIL: the hash chain/);
    expect(changed.stderr).toMatch(/FAIL: the Merkle root/);
  });
});

describe("automatic delivery", () => {
  it("delivers at the deadline or the goal, exactly once however many processes run it", async () => {
    const byDeadline = await createOpenStatement();
    await addVerifiedSignatures({ statementId: byDeadline.statement.id, count: 3 });
    await getDb()
      .updateTable("statements")
      .set({ delivery_trigger: "deadline", deadline: new Date(Date.now() - 60_000) })
      .where("id", "=", byDeadline.statement.id)
      .execute();
    const byGoal = await createOpenStatement({ goal: 5 });
    await getDb().updateTable("statements").set({ delivery_trigger: "goal" }).where("id", "=", byGoal.statement.id).execute();
    await addVerifiedSignatures({ statementId: byGoal.statement.id, count: 4 });
    const notYet = await deliverDueStatements();
    expect(notYet).toEqual([byDeadline.statement.id]);
    await addVerifiedSignatures({ statementId: byGoal.statement.id, count: 1 });

    const runs = await Promise.all([deliverDueStatements(), deliverDueStatements(), deliverDueStatements()]);
    expect(runs.flat()).toEqual([byGoal.statement.id]);
    const deliveries = await getDb()
      .selectFrom("deliveries")
      .select(["statement_id", "reason"])
      .where("statement_id", "in", [byDeadline.statement.id, byGoal.statement.id])
      .orderBy("statement_id")
      .execute();
    expect(deliveries).toEqual([
      { statement_id: byDeadline.statement.id, reason: "deadline" },
      { statement_id: byGoal.statement.id, reason: "goal" },
    ]);
    expect(await deliverDueStatements()).toEqual([]);
  });

  it("closes a statement whose deadline passes with nothing to deliver", async () => {
    const { statement } = await createOpenStatement();
    await getDb()
      .updateTable("statements")
      .set({ delivery_trigger: "deadline", deadline: new Date(Date.now() - 1000) })
      .where("id", "=", statement.id)
      .execute();
    expect(await deliverDueStatements()).toEqual([]);
    const after = await getDb().selectFrom("statements").select("state").where("id", "=", statement.id).executeTakeFirstOrThrow();
    expect(after.state).toBe("closed");
  });
});
