import type { ServerBuild } from "@remix-run/node";
import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { loggedPathOf, policyOf, routePolicy } from "./route-policy";

// A build's route manifest as the server reads it: ids, paths, parents and each module's `handle`.
const route = (id: string, path: string | undefined, handle?: object, index?: boolean) => ({
  id,
  path,
  index,
  parentId: id === "root" ? undefined : "root",
  module: { handle },
});
const build = {
  routes: {
    root: route("root", ""),
    "routes/statements.$slug._index": route("routes/statements.$slug._index", "statements/:slug", { crossSitePosts: true }, true),
    "routes/statements.$slug.embed": route("routes/statements.$slug.embed", "statements/:slug/embed", { framing: "any" }),
    "routes/officials.$token": route("routes/officials.$token", "officials/:token"),
  },
} as unknown as ServerBuild;

function matched(handler: ReturnType<typeof routePolicy>, path: string) {
  const req = { path } as Request;
  const res = { locals: {} } as Response;
  handler(req, res, () => {});
  return { policy: policyOf(res), logged: loggedPathOf(req, res) };
}

describe("routePolicy", () => {
  it("gives each path its route's policy, the same on every request", () => {
    const handler = routePolicy(build);
    for (let i = 0; i < 3; i++) {
      expect(matched(handler, "/statements/park").policy).toEqual({ crossSitePosts: true, anyBody: false, framing: undefined, private: false, referrerless: false });
      expect(matched(handler, "/statements/park/embed").policy.framing).toBe("any");
      expect(matched(handler, "/statements/other/embed").policy.framing).toBe("any");
      expect(matched(handler, "/about").policy).toEqual({});
    }
  });

  it("never shows a token or an address in the logged path, however often the path comes", () => {
    const handler = routePolicy(build);
    for (let i = 0; i < 3; i++) {
      expect(matched(handler, "/officials/s3cr3t-token").logged).toBe("/officials/:token");
      expect(matched(handler, "/statements/someone@example.org").logged).toBe("/statements/:email");
      expect(matched(handler, "/statements/park").logged).toBe("/statements/park");
    }
  });

  it("stays right past the number of paths it keeps", () => {
    const handler = routePolicy(build);
    for (let i = 0; i < 5000; i++) matched(handler, `/statements/s-${i}/embed`);
    expect(matched(handler, "/statements/s-0/embed")).toEqual({ policy: { framing: "any", crossSitePosts: false, anyBody: false, private: false, referrerless: false }, logged: "/statements/s-0/embed" });
  });
});
