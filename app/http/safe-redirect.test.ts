import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect";

describe("safeRedirect", () => {
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
    "organize",
    "",
    null,
    42,
  ])("refuses %j", (to) => {
    expect(safeRedirect(to, "/fallback")).toBe("/fallback");
  });
});
