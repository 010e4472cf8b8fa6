import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { INITIALS_CASES } from "../../test/support/display-names";
import { CSV_BOM } from "~/utils/csv";
import { chainLink, sealManifest, type PacketManifest } from "./manifest";
import { CSV_COLUMNS, officialDisplayName, packetCsvHeader, packetCsvRecord, type PacketRow } from "./packet-csv";
import { verifyPacket } from "./verify-packet";

describe("officialDisplayName", () => {
  it("shows full and private signers by name, initials signers by first name and last initial", () => {
    expect(officialDisplayName("  Nguyễn  Thị Lan ", "full")).toBe("Nguyễn Thị Lan");
    expect(officialDisplayName("Nguyễn Thị Lan", "private")).toBe("Nguyễn Thị Lan");
    for (const [name, shown] of INITIALS_CASES) expect(officialDisplayName(name, "initials")).toBe(shown);
  });
});

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

function packet(rows: PacketRow[], seed = sha256("statement")) {
  const lines = rows.map(packetCsvRecord);
  const csv = `${CSV_BOM}${packetCsvHeader()}\r\n${lines.map((l) => `${l}\r\n`).join("")}`;
  const bytes = new TextEncoder().encode(csv);
  const wards = ["Ward 1", "Ward 2"];
  const manifest: PacketManifest = sealManifest({
    format: "undersigned-packet-manifest/1",
    statement: { slug: "s", title: "T", jurisdiction: "J", versionHash: seed, text: "Title: T", textSha256: sha256("Title: T") },
    delivery: { sequence: 1, deliveredAt: "2026-11-26T13:00:00.000Z", previousPacketSha256: null },
    signatures: {
      count: rows.length,
      byWard: wards.map((w) => ({ ward: w, count: rows.filter((r) => !r.outsideJurisdiction && r.ward === w).length })),
      outsideJurisdiction: rows.filter((r) => r.outsideJurisdiction).length,
      wardNotGiven: rows.filter((r) => !r.outsideJurisdiction && !r.ward).length,
      csv: { sha256: sha256(bytes), bytes: bytes.length, columns: [...CSV_COLUMNS] },
      chain: { algorithm: "sha256-chain/1", seed, head: lines.reduce(chainLink, seed) },
    },
  });
  return { csv, manifest };
}

describe("verifyPacket", () => {
  const rows: PacketRow[] = Array.from({ length: 30 }, (_, i) => ({
    position: i + 1,
    name: `Signer ${i}, "quoted"`,
    display: (["full", "initials", "private"] as const)[i % 3],
    ward: i % 5 === 4 ? null : `Ward ${1 + (i % 2)}`,
    outsideJurisdiction: i % 10 === 9,
    verifiedAt: new Date(Date.UTC(2026, 10, 1, 0, i)),
  }));
  const { csv, manifest } = packet(rows);
  const lines = csv.split("\r\n");

  it("accepts the packet as delivered", () => {
    expect(verifyPacket({ manifest, csv })).toEqual({ ok: true, problems: [], rows: rows.length });
  });

  it("fails when one row changes, even with the CSV hash updated to match", () => {
    const changed = csv.replace("2026-11-01T00:03:00Z", "2026-11-01T00:04:00Z");
    expect(changed).not.toBe(csv);
    const bytes = new TextEncoder().encode(changed);
    const forged = { ...manifest, signatures: { ...manifest.signatures, csv: { ...manifest.signatures.csv, sha256: sha256(bytes) } } };
    const result = verifyPacket({ manifest: forged, csv: changed });
    expect(result.ok).toBe(false);
    expect(result.problems.join(" ")).toMatch(/hash chain/);
    expect(result.problems.join(" ")).toMatch(/packet hash/);
  });

  it("fails when a row is removed or added", () => {
    const removed = [...lines.slice(0, 5), ...lines.slice(6)].join("\r\n");
    expect(verifyPacket({ manifest, csv: removed }).problems.join(" ")).toMatch(/rows, the manifest counts 30/);
    const added = [...lines.slice(0, -1), "31,Someone Else,Ward 1,no,2026-11-02T00:00:00Z", ""].join("\r\n");
    expect(verifyPacket({ manifest, csv: added }).ok).toBe(false);
  });

  it("keeps the packet CSV's bytes: guarded names, quoted only where needed", () => {
    const row: PacketRow = { position: 7, name: '=cmd|" /C calc"!A0, Jr.', display: "full", ward: "+Ward 1", outsideJurisdiction: false, verifiedAt: new Date(Date.UTC(2026, 10, 1, 12, 30, 5, 123)) };
    expect(packetCsvRecord(row)).toBe(`7,"'=cmd|"" /C calc""!A0, Jr.",'+Ward 1,no,2026-11-01T12:30:05Z`);
    expect(packetCsvHeader()).toBe("row,name,ward,outside_jurisdiction,verified_at");
  });

  it("reports a CSV that cannot be read instead of throwing", () => {
    const result = verifyPacket({ manifest, csv: `${csv}"unclosed,row\r\n` });
    expect(result.ok).toBe(false);
    expect(result.problems.join(" ")).toMatch(/cannot be read/);
  });

  it("fails when the manifest's totals are edited", () => {
    const edited = { ...manifest, signatures: { ...manifest.signatures, outsideJurisdiction: 0 } };
    expect(verifyPacket({ manifest: edited, csv }).problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/packet hash/), expect.stringMatching(/totals by ward/)]),
    );
  });
});
