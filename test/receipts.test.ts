// Signers' receipts (issue 13, decision 0010): each signer's one email after
// a delivery, its inclusion proof recomputed here independently from RFC 9162
// against the public manifest fetched over HTTP, and /verify in Chromium with
// JavaScript and without.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import type { CapturedMail } from "../server/mail-sink";
import { decodeReceipt, encodeReceipt, type Receipt } from "../app/delivery/receipt";
import { findPacketFile, readPacketFile } from "../app/delivery/packet-files.server";
import { launchBrowser, screenshot } from "./support/browser";
import { useApp } from "./support/app";
import { addVerifiedSignatures, deliverNow } from "./support/delivery-factories";
import { createOpenStatement } from "./support/factories";
import { linkIn } from "./support/mail";
import { leaf, mth, node, path as auditPath } from "./support/rfc9162";

const app = useApp();
const SIGNERS = 11;

let browser: Browser;
let statementSlug: string;
let sequence: number;
let receipts: CapturedMail[];
let signers: { email: string; name: string; locale: string; updates: boolean }[];
let csv: Buffer;
let manifestText: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const { statement, wards, officials } = await createOpenStatement({ wards: 2 });
  statementSlug = statement.slug;
  // Nobody asked for updates but every third: receipts go to all.
  await addVerifiedSignatures({ statementId: statement.id, count: SIGNERS, wardIds: wards.map((w) => w.id), updatesEvery: 3 });
  await getDb().updateTable("signatures").set({ locale: "es" }).where("statement_id", "=", statement.id).where("name", "like", "Signer 1%").execute();
  signers = await getDb().selectFrom("signatures").select(["email", "name", "locale", "updates"]).where("statement_id", "=", statement.id).execute();
  const delivered = await deliverNow({ statementId: statement.id, reason: "manual" });
  sequence = delivered.sequence;
  csv = await readPacketFile((await findPacketFile({ deliveryId: delivered.deliveryId, kind: "csv" }))!.id);
  const emails = new Set(signers.map((s) => s.email));
  receipts = await app.mailbox.waitForCount(SIGNERS, (m) => m.to.some((to) => emails.has(to)), 60_000);
  expect(officials.length).toBeGreaterThan(0);
  const response = await app.fetch(`/statements/${statementSlug}/deliveries/${sequence}/manifest.json`);
  expect(response.status).toBe(200);
  manifestText = await response.text();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

const receiptIn = (mail: CapturedMail): Receipt => decodeReceipt(mail.text.match(/^us1\.\S+$/m)![0])!;
/** The packet's records exactly as the CSV holds them (no quoted line breaks in these names). */
const records = () => csv.toString("utf8").replace(/^\uFEFF/, "").split("\r\n").slice(1, -1);

describe("receipts", () => {
  it("reach every signer once, in the language they signed in, whether or not they asked for updates", async () => {
    await new Promise((r) => setTimeout(r, 500));
    const emails = new Set(signers.map((s) => s.email));
    const got = app.mailbox.messages.filter((m) => m.to.some((to) => emails.has(to)));
    expect(got.flatMap((m) => m.to).sort()).toEqual([...emails].sort());
    expect(signers.some((s) => !s.updates) && signers.some((s) => s.locale === "es") && signers.some((s) => s.locale === "en")).toBe(true);
    for (const s of signers) {
      const mail = got.find((m) => m.to.includes(s.email))!;
      if (s.locale === "es") {
        expect(mail.subject).toMatch(/^Su firma fue entregada: /);
        expect(mail.text).toContain("Prueba de que su fila está en el paquete");
      } else {
        expect(mail.subject).toMatch(/^Your signature was delivered: /);
        expect(mail.text).toContain("Proof that your row is in the packet");
      }
      // Delivered to whom: the officials, named with their office.
      expect(mail.text).toMatch(/^- .+, (Mayor|Alcalde|Ward councilor|Concejal|At-large|Official|Funcionario)/m);
      expect(linkIn(mail, "/verify")).toMatch(/\/verify#receipt=us1\./);
    }
  });

  it("carry an inclusion proof that RFC 9162, computed independently, gives for that row, leading to the public manifest's root", async () => {
    const manifest = JSON.parse(manifestText) as { signatures: { count: number; merkle: { root: string; leaves: number } } };
    const rows = records();
    expect(rows).toHaveLength(SIGNERS);
    const leaves = rows.map(leaf);
    expect(mth(leaves).toString("hex")).toBe(manifest.signatures.merkle.root);
    expect(manifest.signatures.merkle.leaves).toBe(SIGNERS);
    const indexes = new Set<number>();
    for (const mail of receipts) {
      const r = receiptIn(mail);
      indexes.add(r.index);
      expect(r.record).toBe(rows[r.index]);
      expect(r.size).toBe(SIGNERS);
      expect(r.path).toEqual(auditPath(r.index, leaves).map((h) => h.toString("hex")));
      // The email shows the same proof, one hash a line, and the row number.
      for (const h of r.path) expect(mail.text).toContain(`  ${h}`);
      // Folding the path by hand (RFC 9162 §2.1.3.2) reaches the manifest's root.
      let fn = r.index;
      let sn = r.size - 1;
      let hash = leaf(r.record);
      for (const p of r.path.map((h) => Buffer.from(h, "hex"))) {
        if (fn % 2 === 1 || fn === sn) {
          hash = node(p, hash);
          while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
        } else hash = node(hash, p);
        [fn, sn] = [fn >> 1, sn >> 1];
      }
      expect(sn).toBe(0);
      expect(hash.toString("hex")).toBe(manifest.signatures.merkle.root);
    }
    expect([...indexes].sort((a, b) => a - b)).toEqual(Array.from({ length: SIGNERS }, (_, i) => i));
  });

  it("are checked against a public manifest that names no signer and no address", async () => {
    for (const s of signers) {
      expect(manifestText).not.toContain(s.email);
      expect(manifestText).not.toContain(s.name);
      expect(manifestText).not.toContain(s.name.split(" ").slice(0, 2).join(" ") + " ");
    }
    expect(manifestText).not.toMatch(/@/);
    const manifest = JSON.parse(manifestText) as { deliveredTo: { name: string; office: string }[]; packetSha256: string };
    expect(manifest.deliveredTo.length).toBeGreaterThan(0);
    expect(Object.keys(manifest.deliveredTo[0]).sort()).toEqual(["name", "office"]);
    expect((await app.fetch(`/statements/${statementSlug}/deliveries/${sequence + 1}/manifest.json`)).status).toBe(404);
    expect((await app.fetch(`/statements/no-such-statement/deliveries/1/manifest.json`)).status).toBe(404);
  });

  it("are checked by npm run verify-packet, which also checks the packet's Merkle root", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "receipt-"));
    const file = (name: string, body: string | Buffer) => {
      writeFileSync(path.join(dir, name), body);
      return path.join(dir, name);
    };
    const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "scripts/verify-packet.ts", ...args], { encoding: "utf8" });
    const manifestFile = file("manifest.json", manifestText);
    const receipt = receiptIn(receipts[0]);
    const good = run(manifestFile, file("signatures.csv", csv), "--receipt", encodeReceipt(receipt));
    expect(good.stderr).toBe("");
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/OK: 11 signatures, packet [0-9a-f]{64}, Merkle root [0-9a-f]{64}/);
    expect(good.stdout).toContain(`OK: receipt for row ${receipt.index + 1}`);
    const forged = run(manifestFile, "--receipt", file("receipt.txt", encodeReceipt({ ...receipt, record: receipt.record.replace(/,(yes|no),/, ",maybe,") })));
    expect(forged.status).toBe(1);
    expect(forged.stderr).toMatch(/FAIL: receipt does not match the manifest \(proofFails\)/);
  });
});

/** The same receipt with its record changed: what a forger would hand someone. */
const changedRecord = (r: Receipt) => encodeReceipt({ ...r, record: r.record.replace(/^(\d+),/, "$1,X") });
const changedCsv = () => Buffer.from(csv.toString("utf8").replace(/\r\n(\d+),/, "\r\n$1,X"));

async function checkPacket(page: Page, files: { manifest: string; csv: Buffer }) {
  await page.setInputFiles("#file-manifest", { name: "manifest.json", mimeType: "application/json", buffer: Buffer.from(files.manifest) });
  await page.setInputFiles("#file-csv", { name: "signatures.csv", mimeType: "text/csv", buffer: files.csv });
  await page.getByRole("button", { name: "Check the packet" }).click();
}

describe("/verify", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`accepts a genuine receipt and packet and rejects a changed record, ${javaScriptEnabled ? "in the browser with JavaScript" : "by form posts without JavaScript"}`, async () => {
      const context: BrowserContext = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const posts: string[] = [];
      const manifestReads: string[] = [];
      page.on("request", (r) => {
        if (r.method() === "POST") posts.push(r.url());
        if (r.url().endsWith("/manifest.json")) manifestReads.push(r.url());
      });
      const mail = receipts.find((m) => m.subject.startsWith("Your signature"))!;
      const receipt = receiptIn(mail);
      const outcome = (section: "receipt" | "packet") => page.locator(`#${section}-outcome [data-outcome]`);

      if (javaScriptEnabled) {
        // The emailed link: the receipt in the fragment, checked on arrival.
        await page.goto(linkIn(mail, "/verify"));
        await expect.poll(() => outcome("receipt").getAttribute("data-outcome")).toBe("valid");
        await expect.poll(() => outcome("receipt").textContent()).toContain(`Row ${receipt.index + 1} is in delivery ${sequence}`);
      } else {
        await page.goto(`${app.url}/verify`);
        await page.getByLabel("Receipt (from the email").fill(encodeReceipt(receipt));
        await page.getByRole("button", { name: "Check the receipt" }).click();
        await expect.poll(() => outcome("receipt").getAttribute("data-outcome")).toBe("valid");
      }
      await page.getByLabel("Receipt (from the email").fill(changedRecord(receipt));
      await page.getByRole("button", { name: "Check the receipt" }).click();
      await expect.poll(() => outcome("receipt").getAttribute("data-outcome")).toBe("invalid");
      expect(await outcome("receipt").textContent()).toContain("the record or the proof was changed");

      await checkPacket(page, { manifest: manifestText, csv });
      await expect.poll(() => outcome("packet").getAttribute("data-outcome")).toBe("valid");
      expect(await outcome("packet").textContent()).toContain(`${SIGNERS} signatures`);
      await checkPacket(page, { manifest: manifestText, csv: changedCsv() });
      await expect.poll(() => outcome("packet").getAttribute("data-outcome")).toBe("invalid");
      expect(await outcome("packet").textContent()).toContain("The Merkle root over the rows differs");
      // With JavaScript, everything was checked in the browser: the manifest fetched, nothing posted.
      if (javaScriptEnabled) {
        expect(posts).toEqual([]);
        expect(manifestReads.length).toBeGreaterThan(0);
      } else expect(posts).toHaveLength(4);
      await screenshot(page, `verify-${javaScriptEnabled ? "js" : "nojs"}`);
      await context.close();
    });
  }

  it("answers in Spanish and says what is missing beside the field", async () => {
    const response = await app.postForm("/verify", { intent: "packet" }, { multipart: true, cookie: "lang=es" });
    expect(response.status).toBe(400);
    expect(response.html).toContain("Comprobar un comprobante o un paquete");
    expect(response.html).toMatch(/id="manifest-error"[^>]*>Elija un archivo aquí\./);
    expect(response.html).toMatch(/id="csv-error"[^>]*>Elija un archivo aquí\./);
  });
});
