import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv";

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
