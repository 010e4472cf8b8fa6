import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import type { ServerBuild } from "@remix-run/node";
import type { Request, RequestHandler, Response } from "express";
import { lru } from "../lru";

/**
 * What a route says about itself to the server, in its `handle` export; the
 * server knows no route by name.
 * - `framing: "any"`: other sites may frame the page (the embed).
 * - `crossSitePosts: true`: its form may be posted from other sites' pages
 *   (partners carry the sign form); the post carries no ambient authority.
 * - `anyBody: true`: its posts need not be well-formed web forms (mail
 *   clients' one-click unsubscribes), the route copes.
 * - `private: true`: its answers are one person's (a link's page, an
 *   organizer's page): `Cache-Control: no-store` (security-headers.ts).
 * - `referrerless: true`: its pages send no referrer, so browsers post their
 *   forms with `Origin: null`; those posts pass (cross-site-posts.ts), posts
 *   naming another site are still refused. For pages whose only authority is
 *   the token in their address.
 */
export interface RoutePolicy {
  framing?: "any";
  crossSitePosts?: boolean;
  anyBody?: boolean;
  private?: boolean;
  referrerless?: boolean;
}

type RouteObject = AgnosticRouteObject & { policy: RoutePolicy };

/** The build's routes as the router's tree, each with the policy its module's `handle` declares. */
function routeTree(build: ServerBuild): RouteObject[] {
  const ids = Object.keys(build.routes);
  const make = (id: string): RouteObject => {
    const route = build.routes[id];
    const handle = (route.module as { handle?: { framing?: unknown; crossSitePosts?: unknown; anyBody?: unknown; private?: unknown; referrerless?: unknown } }).handle ?? {};
    const policy: RoutePolicy = {
      framing: handle.framing === "any" ? "any" : undefined,
      crossSitePosts: handle.crossSitePosts === true,
      anyBody: handle.anyBody === true,
      private: handle.private === true,
      referrerless: handle.referrerless === true,
    };
    const kids = ids.filter((other) => build.routes[other].parentId === id).map(make);
    return route.index
      ? { id, index: true, path: route.path, caseSensitive: route.caseSensitive, policy }
      : { id, path: route.path, caseSensitive: route.caseSensitive, children: kids, policy };
  };
  return ids.filter((id) => build.routes[id].parentId === undefined).map(make);
}

export interface MatchedRoute {
  policy: RoutePolicy;
  /** The path with every route parameter named like a token shown as `:name`, and addresses as `:email`: never log a secret. */
  loggedPath: string;
}

const NONE: MatchedRoute = { policy: {}, loggedPath: "" };
const SECRET_PARAM = /token|secret|key/i;

/** What matching `pathname` says: its route's policy and the path as the log may show it. */
function matchPath(tree: RouteObject[], pathname: string): MatchedRoute & { secret: boolean } {
  const matches = pathname.endsWith(".data") ? null : matchRoutes(tree, pathname);
  let policy: RoutePolicy = {};
  let loggedPath = pathname;
  if (matches?.length) {
    policy = (matches[matches.length - 1].route as RouteObject).policy;
    const params = matches[matches.length - 1].params;
    for (const [name, value] of Object.entries(params)) {
      if (value && SECRET_PARAM.test(name)) loggedPath = loggedPath.split(`/${encodeURIComponent(value)}`).join(`/:${name}`);
    }
  }
  // An address typed into a path (a mistaken link) is personal data too.
  loggedPath = loggedPath.replace(/[^/]*(@|%40)[^/]*/gi, ":email");
  return { policy, loggedPath, secret: loggedPath !== pathname };
}

/** How many paths' matches a process keeps. Paths hold slugs (and anything a client invents), so the cache is bounded. */
export const MATCH_CACHE_SIZE = 4000;

/**
 * Matches each request against the build's routes once: its policy (what the
 * deepest matching route declares) and its path as the request log may show it.
 * Remix's data requests (`….data`) keep the default policy.
 *
 * Matching walks and ranks the whole route tree, so the answer is kept per
 * path, least recently used dropped first. A path that holds a secret (a
 * token, an address) is matched every time and never kept: the cache holds
 * only paths the log may show as they are.
 */
export function routePolicy(build: ServerBuild): RequestHandler {
  const tree = routeTree(build);
  const kept = lru<MatchedRoute>(MATCH_CACHE_SIZE);
  return (req, res, next) => {
    const pathname = req.path;
    let route = kept.get(pathname);
    if (!route) {
      const { secret, ...matched } = matchPath(tree, pathname);
      route = matched;
      if (!secret) kept.set(pathname, route);
    }
    res.locals.route = route;
    next();
  };
}

export const policyOf = (res: Response): RoutePolicy => ((res.locals.route as MatchedRoute | undefined) ?? NONE).policy;
export const loggedPathOf = (req: Request, res: Response) => (res.locals.route as MatchedRoute | undefined)?.loggedPath || req.path;
