import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Messages } from "./catalog";
import campaign from "./messages/campaign";
import common from "./messages/common";
import delivery from "./messages/delivery";
import organizer from "./messages/organizer";
import signing from "./messages/signing";

// The organizer's and the campaign's words reach the browser only with the
// routes that import organizer-messages.ts or campaign-messages.ts: a page
// that shows one without importing it would show a raw key once hydrated.
// Read the pages' source for each area's keys.
const catalogs: Record<string, Messages> = { common, signing, delivery, organizer, campaign };
const areas = { organizer: "~/i18n/organizer-messages", campaign: "~/i18n/campaign-messages" } as const;

const prefixesOf = (key: string) => key.split(".").slice(1).map((_, i) => key.split(".").slice(0, i + 1).join(".") + ".");

/** An area's keys, and the key prefixes ("draft.trigger.") only its keys have: a template literal starting so needs it. */
function areaKeys(area: keyof typeof areas) {
  const keys = Object.keys(catalogs[area]);
  const otherKeys = Object.entries(catalogs).flatMap(([name, c]) => (name === area ? [] : Object.keys(c)));
  const prefixes = [...new Set(keys.flatMap(prefixesOf))].filter((p) => !otherKeys.some((k) => k.startsWith(p)));
  return { keys, prefixes };
}

const pages = [
  ...readdirSync("app/routes").map((f) => path.join("app/routes", f)),
  ...readdirSync("app/components").map((f) => path.join("app/components", f)),
  "app/root.tsx",
  // Resource routes (.ts, no component) run on the server only, which has every area.
].filter((f) => f.endsWith(".tsx") && !/\.test\./.test(f));

describe("the areas' messages in the browser", () => {
  it.each(Object.keys(areas) as (keyof typeof areas)[])("the %s messages are imported by every page that shows one", (area) => {
    const { keys, prefixes } = areaKeys(area);
    const missing: string[] = [];
    let users = 0;
    for (const file of pages) {
      const source = readFileSync(file, "utf8");
      const used = keys.filter((k) => source.includes(`"${k}"`)).concat(prefixes.filter((p) => source.includes("`" + p + "${")));
      if (!used.length) continue;
      users++;
      if (!source.includes(`"${areas[area]}"`)) missing.push(`${file} (${used.slice(0, 3).join(", ")})`);
    }
    expect(missing).toEqual([]);
    expect(users).toBeGreaterThan(3);
  });

  it("are not needed by the statement's own pages", () => {
    for (const file of ["app/routes/statements.$slug._index.tsx", "app/components/public-statement.tsx", "app/components/sign-form.tsx", "app/root.tsx"]) {
      for (const module of Object.values(areas)) expect(readFileSync(file, "utf8"), file).not.toContain(module);
    }
  });
});
