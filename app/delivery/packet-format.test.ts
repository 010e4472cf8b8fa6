import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CSV_BOM,
  CSV_COLUMNS,
  chainLink,
  csvRecord,
  officialDisplayName,
  packetFields,
  parseCsv,
  sealManifest,
  spreadsheetSafe,
  verifyPacket,
  type PacketManifest,
  type PacketRow,
} from "./packet-format";

describe("CSV (RFC 4180)", () => {
  it("quotes only fields that need it and doubles quotes", () => {
    expect(csvRecord(["plain", "with,comma", 'say "hi"', "two\r\nlines", ""])).toBe('plain,"with,comma","say ""hi""","two\r\nlines",');
  });

  it("parses back exactly what it writes, for any text", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 }), (records) => {
        // A record of one empty field is an empty line, which RFC 4180 cannot tell from nothing.
        const rows = records.filter((r) => !(r.length === 1 && r[0] === ""));
        const text = rows.map((r) => `${csvRecord(r)}\r\n`).join("");
        expect(parseCsv(text)).toEqual(rows);
      }),
    );
  });

  it("skips the byte-order mark and accepts LF line endings", () => {
    expect(parseCsv(`${CSV_BOM}a,b\n1,2\n`)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("keeps a name that looks like a formula from running in a spreadsheet", () => {
    expect(spreadsheetSafe("=HYPERLINK(\"http://evil\")")).toBe("'=HYPERLINK(\"http://evil\")");
    expect(spreadsheetSafe("+1 555")).toBe("'+1 555");
    expect(spreadsheetSafe("@sum")).toBe("'@sum");
    expect(spreadsheetSafe("Ana-María")).toBe("Ana-María");
  });
});

describe("officialDisplayName", () => {
  it("shows full and private signers by name, initials signers by first name and last initial", () => {
    expect(officialDisplayName("  Nguyễn  Thị Lan ", "full")).toBe("Nguyễn Thị Lan");
    expect(officialDisplayName("Nguyễn Thị Lan", "private")).toBe("Nguyễn Thị Lan");
    expect(officialDisplayName("Nguyễn Thị lan", "initials")).toBe("Nguyễn L.");
    expect(officialDisplayName("Cher", "initials")).toBe("Cher");
  });
});

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

function packet(rows: PacketRow[], seed = sha256("statement")) {
  const lines = rows.map((r) => csvRecord(packetFields(r)));
  const csv = `${CSV_BOM}${csvRecord(CSV_COLUMNS)}\r\n${lines.map((l) => `${l}\r\n`).join("")}`;
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

  it("fails when the manifest's totals are edited", () => {
    const edited = { ...manifest, signatures: { ...manifest.signatures, outsideJurisdiction: 0 } };
    expect(verifyPacket({ manifest: edited, csv }).problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/packet hash/), expect.stringMatching(/totals by ward/)]),
    );
  });
});
