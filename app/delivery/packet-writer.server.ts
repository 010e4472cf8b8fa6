// Writes a delivery's packet: the CSV, its Merkle tree's groups (for
// receipts) and its manifest in one pass over the frozen rows, then the PDF (which prints the manifest's hash on every page)
// in a second. Streamed throughout: memory stays flat however many rows.
import type { Executor } from "../../db/types";
import type { Locale } from "~/i18n/core";
import { emailTranslator as translator } from "~/i18n/email.server";
import { CSV_BOM } from "~/utils/csv";
import { CHAIN_ALGORITHM, MANIFEST_FORMAT, MERKLE_ALGORITHM, type PacketManifest } from "./manifest";
import { CSV_COLUMNS, packetCsvHeader, packetCsvRecord } from "./packet-csv";
import { PacketFileWriter } from "./packet-files.server";
import { chainLink, sealManifest, sha256 } from "./packet-hash.server";
import { renderPacketPdf, type PacketSource } from "./packet-pdf.server";
import { packetRows } from "./packet-rows.server";
import { LeafGroupWriter } from "./receipt-tree.server";

export async function writePacket(source: PacketSource, db: Executor, { locale = "en" as Locale } = {}) {
  const slugPart = `${source.statement.slug}-${source.sequence}`;
  const csv = await PacketFileWriter.open(
    { deliveryId: source.deliveryId, kind: "csv", filename: `${slugPart}-signatures.csv`, contentType: "text/csv; charset=utf-8" },
    db,
  );
  csv.push(`${CSV_BOM}${packetCsvHeader()}\r\n`);
  const tree = new LeafGroupWriter(source.deliveryId, db);
  let head = source.chainSeed;
  let rows = 0;
  for await (const page of packetRows(source.deliveryId, db)) {
    const lines: string[] = [];
    for (const row of page) {
      const record = packetCsvRecord(row);
      head = chainLink(head, record);
      await tree.push(record);
      lines.push(record, "\r\n");
    }
    rows += page.length;
    csv.push(lines.join(""));
    await csv.flush();
    await tree.flush();
  }
  if (rows !== source.count) throw new Error(`packet for delivery ${source.deliveryId}: ${rows} rows read, ${source.count} frozen`);
  const csvFile = await csv.close();
  const merkle = await tree.close();

  const sealed = sealManifest({
    format: MANIFEST_FORMAT,
    statement: {
      slug: source.statement.slug,
      title: source.statement.title,
      jurisdiction: source.statement.jurisdiction,
      versionHash: source.statement.versionHash,
      text: source.statement.canonicalText,
      textSha256: sha256(source.statement.canonicalText),
    },
    delivery: {
      sequence: source.sequence,
      deliveredAt: source.deliveredAt.toISOString(),
      previousPacketSha256: source.previousPacketSha256,
    },
    signatures: {
      count: rows,
      byWard: source.wards.map(({ ward, count }) => ({ ward, count })),
      outsideJurisdiction: source.outside,
      wardNotGiven: source.noWard,
      csv: { sha256: csvFile.sha256, bytes: csvFile.bytes, columns: [...CSV_COLUMNS] },
      chain: { algorithm: CHAIN_ALGORITHM, seed: source.chainSeed, head },
      merkle: { algorithm: MERKLE_ALGORITHM, leaves: merkle.leaves, root: merkle.root },
    },
  });

  const pdf = await PacketFileWriter.open(
    { deliveryId: source.deliveryId, kind: "pdf", filename: `${slugPart}-packet.pdf`, contentType: "application/pdf" },
    db,
  );
  await renderPacketPdf({ source, manifest: sealed, rows: packetRows(source.deliveryId, db), out: pdf, t: translator(locale), locale });
  const pdfFile = await pdf.close();
  const manifest: PacketManifest = { ...sealed, pdf: { sha256: pdfFile.sha256, bytes: pdfFile.bytes } };
  return { manifest, csv: csvFile, pdf: pdfFile };
}

