import { describe, expect, it } from "vitest";
import { discoveryHref } from "./discovery";
import { readDiscovery } from "./discovery-query.server";

describe("reading the home page's query string", () => {
  it("falls back to defaults instead of failing on a hand-edited URL", () => {
    expect(readDiscovery(new URLSearchParams("sort=bogus&jurisdiction=<x>&q=%00hello%01"))).toEqual({
      sort: "signed",
      q: "hello",
      jurisdiction: undefined,
    });
    expect(readDiscovery(new URLSearchParams(`q=${"a".repeat(500)}`)).q).toHaveLength(100);
  });

  it("keeps defaults out of links", () => {
    expect(discoveryHref({ sort: "signed" })).toBe("/");
    expect(discoveryHref({ sort: "closing", q: "a&b", jurisdiction: "x" })).toBe("/?q=a%26b&jurisdiction=x&sort=closing");
  });
});
