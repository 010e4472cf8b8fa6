import type { Request, RequestHandler, Response } from "express";
import type { App } from "../build";
import { contextOf } from "./load-context";
import { tapResponse } from "./response-tap";
import { inlineScriptHashes, isPage, setPageSecurityHeaders } from "./security-headers";

type SharedPages = Pick<App, "findSharedPage" | "keepSharedPage" | "PUBLIC_READ_TTL_MS" | "SHARED_PAGE_HEADER" | "LOCALE_COOKIE">;
type SharedPage = Parameters<App["keepSharedPage"]>[1];

/**
 * The key under which an anonymous reader may be given a shared page: all a
 * page may vary by for them (address, language cookie, Accept-Language).
 * Null for anyone with another cookie: a signed-in organizer's page is theirs.
 */
function sharedPageKey(req: Request, localeCookie: string): string | null {
  let lang = "";
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [name, value = ""] = part.trim().split("=", 2);
    if (!name) continue;
    if (name !== localeCookie) return null;
    lang = value;
  }
  const query = req.originalUrl.indexOf("?");
  return `${req.path}${query >= 0 ? req.originalUrl.slice(query) : ""}\n${lang}\n${req.headers["accept-language"] ?? ""}`;
}

/**
 * The page shared between anonymous readers (docs/decisions/0007): a route
 * opts in with the shared-page response header; its first render for a key
 * is kept for a second and served again as the same bytes, its inline
 * scripts allowed by hash, with cache headers that let a CDN keep it too.
 */
export function sharedPage(app: SharedPages): RequestHandler {
  const seconds = Math.max(1, Math.round(app.PUBLIC_READ_TTL_MS / 1000));
  const send = (res: Response, page: Pick<SharedPage, "headers" | "body" | "scripts">) => {
    res.statusCode = 200;
    for (const [key, value] of page.headers) res.setHeader(key, value);
    setPageSecurityHeaders(res, page.scripts);
    // A second, like the reads it is made of; a CDN keeps one copy per language, and none for anyone with a cookie.
    res.setHeader("Cache-Control", `public, max-age=${seconds}, stale-while-revalidate=${seconds * 4}`);
    res.setHeader("Vary", "Cookie, Accept-Language");
    res.setHeader("Content-Length", page.body.byteLength);
    res.end(page.body);
  };

  return (req, res, next) => {
    const key = req.method === "GET" ? sharedPageKey(req, app.LOCALE_COOKIE) : null;
    const kept = key === null ? undefined : app.findSharedPage(key);
    if (kept) return send(res, kept);

    tapResponse(
      res,
      () => {
        if (!res.hasHeader(app.SHARED_PAGE_HEADER)) return undefined;
        res.removeHeader(app.SHARED_PAGE_HEADER);
        if (key !== null && res.statusCode === 200 && isPage(res) && !res.hasHeader("set-cookie")) {
          return (body) => {
            const headers = Object.entries(res.getHeaders())
              .filter(([name]) => name !== "content-length" && name !== "transfer-encoding")
              .map(([name, value]) => [name, String(value)] as [string, string]);
            const page = { path: req.path, headers, body, scripts: inlineScriptHashes(body.toString(), contextOf(res).cspNonce) };
            app.keepSharedPage(key, page);
            send(res, page);
          };
        }
        // Rendered for this reader alone (they have a session, or another cookie).
        res.setHeader("Cache-Control", "private, no-cache");
        return undefined;
      },
      next,
    );
    next();
  };
}
