import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Layering, read from the source: app/ never reaches up into its routes (only
// Remix does) or out into server/ (the server imports the app through the
// build, never the other way round).
const APP = path.resolve("app");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^import\s*["']([^"']+)["']/gm)) {
    out.push(m[1] ?? m[2] ?? m[3]);
  }
  return out;
}

/** Where a specifier points, as a path from the repository root ("~/" is app/). */
function resolve(file: string, spec: string): string | null {
  if (spec.startsWith("~/")) return path.join("app", spec.slice(2));
  if (spec.startsWith(".")) return path.relative(process.cwd(), path.resolve(path.dirname(file), spec));
  return null; // a package
}

describe("app/ layering", () => {
  const outsideRoutes = sourceFiles(APP).filter((f) => !f.startsWith(path.join(APP, "routes") + path.sep));

  it("reads real imports", () => {
    const root = readFileSync(path.join(APP, "root.tsx"), "utf8");
    expect(specifiers(root)).toContain("@remix-run/react");
    expect(outsideRoutes.length).toBeGreaterThan(20);
  });

  it("no module outside app/routes imports from app/routes or server/", () => {
    const bad: string[] = [];
    for (const file of outsideRoutes) {
      for (const spec of specifiers(readFileSync(file, "utf8"))) {
        const target = resolve(file, spec);
        if (target && (target === path.join("app", "routes") || target.startsWith(path.join("app", "routes") + path.sep) || target.split(path.sep)[0] === "server")) {
          bad.push(`${path.relative(process.cwd(), file)} imports ${spec}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
