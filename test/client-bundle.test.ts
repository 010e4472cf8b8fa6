import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Reads what the last `remix build` put in the browser's bundles (the classic
// compiler writes esbuild's metafile to build/metafile.js.json; `npm test`
// builds first). Nothing is built here.
const METAFILE = path.resolve("build/metafile.js.json");

type Metafile = { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };

function clientOutputs(): [string, string[]][] {
  if (!existsSync(METAFILE)) throw new Error(`${METAFILE} is missing: run \`npx remix build\` first`);
  const meta = JSON.parse(readFileSync(METAFILE, "utf8")) as Metafile;
  return Object.entries(meta.outputs)
    .filter(([out]) => out.endsWith(".js"))
    .map(([out, o]) => [out, Object.keys(o.inputs).filter((i) => o.inputs[i].bytesInOutput > 0)]);
}

/** Every client output holding an input that matches, with those inputs. */
function offending(test: (input: string) => boolean) {
  return clientOutputs()
    .map(([out, inputs]) => [out, inputs.filter(test)] as const)
    .filter(([, bad]) => bad.length > 0)
    .map(([out, bad]) => `${out}: ${bad.slice(0, 3).join(", ")}${bad.length > 3 ? ` (+${bad.length - 3})` : ""}`);
}

describe("the browser's bundles", () => {
  it("hold no zod locales", () => {
    expect(offending((i) => /node_modules\/zod\/.*locales\//.test(i))).toEqual([]);
  });

  it("hold no full zod (its classic API or its core)", () => {
    expect(offending((i) => /node_modules\/zod\/(v4\/(classic|core)\/|v3\/|index\.js$)/.test(i))).toEqual([]);
  });

  it("hold no server-only catalog (emails' and packet words)", () => {
    // `.server` modules reached from client code become empty stubs ("empty-module:…"): those carry nothing.
    expect(offending((i) => !i.startsWith("empty-module:") && /app\/i18n\/(email\/|email\.server)/.test(i))).toEqual([]);
  });

  it("hold the pages' catalogs (the check above reads real inputs)", () => {
    expect(offending((i) => i.endsWith("app/i18n/messages/signing.ts")).length).toBeGreaterThan(0);
  });
});
