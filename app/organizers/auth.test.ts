import { describe, expect, it } from "vitest";
import { getSessionUser, SESSION_COOKIE } from "./auth.server";
import { safeRedirect } from "./auth";

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

describe("getSessionUser", () => {
  it("treats a mangled session cookie as no session", async () => {
    const request = new Request("http://x/", { headers: { cookie: `${SESSION_COOKIE}=%E0%A4%A` } });
    expect(await getSessionUser(request)).toBeNull();
  });
});
