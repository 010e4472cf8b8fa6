import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import campaign from "./messages/campaign";
import common from "./messages/common";
import delivery from "./messages/delivery";
import organizer from "./messages/organizer";
import signing from "./messages/signing";

// The organizer's words reach the browser only with the routes that import
// organizer-messages.ts: a page that shows one without importing it would
// show a raw key once hydrated. Read the pages' source for organizer keys.
const organizerKeys = Object.keys(organizer);
const otherKeys = [common, signing, campaign, delivery].flatMap((c) => Object.keys(c));
/** Key prefixes ("draft.trigger.") that only organizer keys have: a template literal starting so needs them. */
const prefixesOf = (key: string) => key.split(".").slice(1).map((_, i) => key.split(".").slice(0, i + 1).join(".") + ".");
const organizerPrefixes = [...new Set(organizerKeys.flatMap(prefixesOf))].filter(
  (p) => !otherKeys.some((k) => k.startsWith(p)),
);

const pages = [
  ...readdirSync("app/routes").map((f) => path.join("app/routes", f)),
  ...readdirSync("app/components").map((f) => path.join("app/components", f)),
  "app/root.tsx",
].filter((f) => /\.tsx?$/.test(f) && !/\.test\./.test(f));

describe("the organizer's messages in the browser", () => {
  it("are imported by every page that shows one", () => {
    const missing: string[] = [];
    let users = 0;
    for (const file of pages) {
      const source = readFileSync(file, "utf8");
      const used = organizerKeys.filter((k) => source.includes(`"${k}"`)).concat(organizerPrefixes.filter((p) => source.includes("`" + p + "${")));
      if (!used.length) continue;
      users++;
      if (!source.includes('"~/i18n/organizer-messages"')) missing.push(`${file} (${used.slice(0, 3).join(", ")})`);
    }
    expect(missing).toEqual([]);
    expect(users).toBeGreaterThan(5);
  });

  it("are not needed by the public pages", () => {
    for (const file of ["app/routes/statements.$slug._index.tsx", "app/components/public-statement.tsx", "app/components/sign-form.tsx", "app/root.tsx"]) {
      expect(readFileSync(file, "utf8"), file).not.toContain("organizer-messages");
    }
  });
});
