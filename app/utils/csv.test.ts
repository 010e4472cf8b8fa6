import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, csvRecord, csvRow, CsvUnreadable, parseCsv as parseCsvText, spreadsheetSafe } from "./csv";

/** A strict RFC 4180 reader, to check what a spreadsheet would get back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let cell = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quote");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else cell += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r") {
        if (text[i] === '"' || text[i] === "\n") throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field`);
        cell += text[i++];
      }
    }
    row.push(cell);
    if (text[i] === ",") {
      i++;
      continue;
    }
    if (text.slice(i, i + 2) !== "\r\n") throw new Error(`expected CRLF at ${i}`);
    i += 2;
    rows.push(row);
    row = [];
    if (i >= text.length) return rows;
  }
}

// Characters that matter to CSV and to spreadsheets, mixed with ordinary ones.
const tricky = fc.oneof(fc.constantFrom(",", '"', "\r", "\n", "=", "+", "-", "@", "\t", "'", "é", "漢"), fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }));

describe("csv", () => {
  it("quotes fields holding commas, quotes and line breaks, doubling quotes", () => {
    expect(csvRow(["plain", "a,b", 'say "hi"', "two\nlines", "cr\rlf"])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\rlf"\r\n',
    );
  });

  it.each(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", '=HYPERLINK("http://evil.example","click")'])(
    "keeps %j from being read as a formula",
    (value) => {
      const [[cell]] = parseCsv(csvRow([value]));
      expect(cell).toBe(`'${value}`);
    },
  );

  it("leaves numbers, empty cells and ordinary text alone", () => {
    expect(csvRow([-3, null, undefined, "Ana María", "O'Brien"])).toBe("-3,,,Ana María,O'Brien\r\n");
    expect(csvCell("")).toBe("");
  });

  it("reads back every row exactly as written (formula cells with their apostrophe)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: tricky }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = rows.map((r) => csvRow(r)).join("");
        const expected = rows.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
        expect(parseCsv(text)).toEqual(expected);
      }),
    );
  });
});

describe("parseCsv (csv-parse)", () => {
  it("reads quoted fields with commas, quotes and line breaks, skipping the byte-order mark", () => {
    expect(parseCsvText('\uFEFFname,note\r\n"Lee, Pat","said ""hi""\nthen left"\nKim,plain')).toEqual([
      ["name", "note"],
      ["Lee, Pat", 'said "hi"\nthen left'],
      ["Kim", "plain"],
    ]);
  });

  it("trims typed fields but keeps exact ones byte for byte", () => {
    expect(parseCsvText(' a , "b" \n')).toEqual([["a", "b"]]);
    expect(parseCsvText(" a ,b\n", { exact: true })).toEqual([[" a ", "b"]]);
  });

  it("reads back exactly what csvRecord writes, for any text", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 }), (records) => {
        // A record of one empty field is an empty line, which RFC 4180 cannot tell from nothing.
        const rows = records.filter((r) => !(r.length === 1 && r[0] === ""));
        const text = rows.map((r) => `${csvRecord(r)}\r\n`).join("");
        expect(parseCsvText(text, { exact: true })).toEqual(rows);
      }),
    );
  });

  it("says when text is not CSV", () => {
    expect(() => parseCsvText('a,"open\n')).toThrow(CsvUnreadable);
  });
});

describe("the formula guard", () => {
  it("keeps a cell that looks like a formula from running in a spreadsheet, and only those", () => {
    expect(spreadsheetSafe('=HYPERLINK("http://evil")')).toBe(`'=HYPERLINK("http://evil")`);
    expect(spreadsheetSafe("+1 555")).toBe("'+1 555");
    expect(spreadsheetSafe("@sum")).toBe("'@sum");
    expect(spreadsheetSafe("Ana-María")).toBe("Ana-María");
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvRecord(["=1+1"])).toBe("=1+1");
  });

  it("quotes only fields that need it and doubles quotes", () => {
    expect(csvRecord(["plain", "with,comma", 'say "hi"', "two\r\nlines", ""])).toBe('plain,"with,comma","say ""hi""","two\r\nlines",');
  });
});
