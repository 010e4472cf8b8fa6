import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import type { Entries } from "./forms";

/** Script payloads: each must come out as text wherever it is shown. */
export const SCRIPT_PAYLOADS = [
  `<script>alert("xss")</script>`,
  `"><img src=x onerror=alert(1)>`,
  `javascript:alert(1)`,
  `</textarea><svg onload=alert(1)>`,
  `{{constructor.constructor('alert(1)')()}}`,
] as const;

/** Values that have broken web apps before: each one alone, then mixed into random text. */
export const SPECIMENS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\r\nBcc: victim@example.org",
  "\n",
  "\t",
  "\u0008\u001f\u007f",
  "\u2028\u2029\u0085",
  "\uFEFF",
  "\uFFFE\uFFFF",
  "\uD800",
  "مريم الحسيني",
  "\u202Egnp.exe",
  "שלום עליכם",
  "👩🏽‍🚀🏳️‍🌈",
  "e\u0301\u0301\u0301\u0301",
  "Z̸̡̢̛̺͈͍̰̰̬͓̝̲̹̤͇̬͉̐̓̄̋̽͗̽̓̎̕͘a̶̧̛̲͍͎̜̮̪̳̱͚̦̙̔̄̀̂̀͗͑̑͆͝l̸̨̺͔̻̣̗̟̐̄̒̉̃g̸͉̗̞̫͓̬̗͓̀̈́̅̎̌̚o̴̞̎̉͑",
  "ｆｕｌｌｗｉｄｔｈ",
  "' OR '1'='1' --",
  "'; drop table signatures; --",
  "%00%0d%0a",
  "${7*7}",
  "../../../etc/passwd",
  "0",
  "-1",
  "1e10",
  "99999999999",
  "2147483648",
  "NaN",
  "outside",
  "full",
  "yes",
  "x".repeat(300),
  "é".repeat(5_000),
  ...SCRIPT_PAYLOADS,
];

/** Random and hostile text for any form field or query parameter. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIMENS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...SPECIMENS), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(" ")) },
  { weight: 1, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: fc.integer().map(String) },
);


/**
 * A form body as a hostile client sends it: the expected fields with random
 * values (some left out), duplicates of some, and a stray field or two.
 */
export function hostileForm(fields: readonly string[], fixed: Record<string, fc.Arbitrary<string>> = {}): fc.Arbitrary<Entries> {
  const value = (name: string) => fixed[name] ?? hostileText;
  return fc
    .tuple(
      fc.tuple(...fields.map((name) => fc.option(value(name), { freq: 6 }).map((v) => (v === null ? null : ([name, v] as [string, string]))))),
      fc.array(fc.constantFrom(...fields).chain((name) => value(name).map((v) => [name, v] as [string, string])), { maxLength: 3 }),
      fc.array(fc.tuple(fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 12 }), hostileText), { maxLength: 2 }),
    )
    .map(([main, duplicates, stray]) => [...main.filter((e): e is [string, string] => e !== null), ...duplicates, ...stray]);
}

/** Figures the security tests measure, for docs/security.md; one file a test file under test-results/figures. */
export async function recordFigures(name: string, figures: Record<string, unknown>) {
  const dir = path.resolve("test-results", "figures");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${name}.json`), JSON.stringify(figures, null, 2) + "\n");
}
