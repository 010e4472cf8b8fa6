import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The page catalogs are merged into one table per language, so a key written
// in two areas silently takes one area's words on the other's page (the
// signature confirmation page once read "Check a receipt or a packet").
describe("the page catalogs", () => {
  for (const dir of ["app/i18n/messages", "app/i18n/messages/es"]) {
    it(`define each key in one area only (${dir})`, () => {
      const owners = new Map<string, string[]>();
      for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts")) {
        for (const [, key] of readFileSync(path.join(dir, file), "utf8").matchAll(/^\s*"([\w.]+)":/gm)) owners.set(key, [...(owners.get(key) ?? []), file]);
      }
      expect(owners.size).toBeGreaterThan(100);
      expect([...owners].filter(([, files]) => files.length > 1)).toEqual([]);
    });
  }
});
