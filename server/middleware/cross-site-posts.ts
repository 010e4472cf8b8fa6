import type { IncomingHttpHeaders } from "node:http";
import type { RequestHandler } from "express";
import { bodyOf } from "./body-limit";
import { plain } from "./plain";
import { policyOf } from "./route-policy";

/** No Origin (not a browser's cross-site post), or one naming the host the request was sent to. */
function sameOrigin(headers: IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  // The host Remix compares with: X-Forwarded-Host first, as it does.
  const host = (headers["x-forwarded-host"] as string | undefined)?.split(",")[0]?.trim() || headers.host;
  try {
    return origin !== "null" && host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Every post must come from our own pages. Remix checks the same but answers
 * a mismatched (or "null", or garbled) Origin with a 500: refuse it here,
 * plainly (403), by the same rule. A route whose `handle` allows
 * `crossSitePosts` (partner sites post the sign form from their own pages:
 * signing carries no ambient authority, no session, and SameSite cookies are
 * not sent cross-site) has Remix's check lifted for its POSTs instead.
 */
export const crossSitePosts: RequestHandler = (req, res, next) => {
  if (bodyOf(req) === undefined) return next();
  if (req.method === "POST" && policyOf(res).crossSitePosts) {
    delete req.headers.origin;
    return next();
  }
  // A page sent with `Referrer-Policy: no-referrer` posts its own forms with `Origin: null`.
  if (req.method === "POST" && policyOf(res).referrerless && req.headers.origin === "null") {
    delete req.headers.origin;
    return next();
  }
  if (!sameOrigin(req.headers)) return plain(res, 403, "Refused: this form can only be sent from Undersigned's own pages.");
  next();
};
