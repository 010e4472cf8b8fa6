import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect";

describe("safeRedirect", () => {
  it("keeps what a local path resolves to", () => {
    expect(safeRedirect("/organize/./statements/../statements/3")).toBe("/organize/statements/3");
  });

  it.each(["/organize", "/organize/statements/3?saved=1", "/statements/a-b#sign"])("keeps the local path %j", (to) => {
    expect(safeRedirect(to)).toBe(to);
  });

  it.each([
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    // Browsers strip tabs and line breaks, which would turn these into //evil.example.
    "/\t/evil.example",
    "/\n/evil.example",
    // Each resolves to the path "//evil.example", which a browser reads as another site.
    "/.//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/a/..//evil.example",
    "/a/%2e%2e//evil.example",
    "/./\\evil.example",
    "organize",
    "",
    null,
    42,
  ])("refuses %j", (to) => {
    expect(safeRedirect(to, "/fallback")).toBe("/fallback");
  });
});
