import { createHash } from "node:crypto";
import type { RequestHandler, Response } from "express";
import { tapResponse } from "./response-tap";
import { policyOf } from "./route-policy";
import { contextOf } from "./load-context";

/**
 * The headers of a page. `scripts` is the CSP source that lets the page's own
 * inline scripts run: its nonce, or their hashes. Only a route whose `handle`
 * says `framing: "any"` (the embed) may be framed by other sites.
 */
export function setPageSecurityHeaders(res: Response, scripts: string) {
  const embeddable = policyOf(res).framing === "any";
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' ${scripts}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "form-action 'self'",
      "base-uri 'none'",
      "object-src 'none'",
      embeddable ? "frame-ancestors *" : "frame-ancestors 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  // A route may ask for less (the official's page sends none: its address is a secret link).
  if (!res.hasHeader("referrer-policy")) res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  if (!embeddable) res.setHeader("X-Frame-Options", "DENY");
}

export const isPage = (res: Response) => String(res.getHeader("content-type") ?? "").startsWith("text/html");

/** Browser features no page of ours uses; the sign form may ask where the signer is (geolocation, by this site only). */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "display-capture=()",
  "geolocation=(self)",
  "gyroscope=()",
  "hid=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "serial=()",
  "usb=()",
].join(", ");

/** Two years, subdomains too: once a browser has seen the site over HTTPS it never tries plain HTTP. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/**
 * Every answer of the app: pages get their policy, the inline scripts Remix
 * rendered allowed by the request's nonce (unless a policy was already set,
 * as on a shared page); anything else is at least never sniffed. A route
 * whose `handle` says `private: true` (a link's page, an organizer's page)
 * is never stored by a browser or a proxy, and neither is a Remix data
 * answer that says nothing about caching (`….data`: it carries a page's
 * data, whoever's page it is). In production, HSTS and the Permissions-Policy too.
 */
export function securityHeaders({ production }: { production: boolean }): RequestHandler {
  return (req, res, next) => {
    if (production) {
      res.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
      res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
    }
    const dataRequest = req.path.endsWith(".data");
    tapResponse(
      res,
      () => {
        if (isPage(res) && !res.hasHeader("content-security-policy")) setPageSecurityHeaders(res, `'nonce-${contextOf(res).cspNonce}'`);
        else res.setHeader("X-Content-Type-Options", "nosniff");
        const cache = String(res.getHeader("cache-control") ?? "");
        if ((policyOf(res).private || (dataRequest && !cache)) && !/\bno-store\b/.test(cache)) res.setHeader("Cache-Control", "no-store");
        return undefined;
      },
      next,
    );
    next();
  };
}

/**
 * The CSP sources of a page's inline scripts by their SHA-256: unlike a
 * nonce, they are the same on every answer, so a shared page is the same
 * bytes for every reader and a CDN or browser may keep it. Only scripts that
 * carry the render's nonce are allowed, exactly as the nonce would have: a
 * script that got into the page any other way stays refused.
 */
export function inlineScriptHashes(html: string, nonce: string): string {
  const hashes = new Set<string>();
  for (const [, attributes, text] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (/\ssrc=/.test(attributes) || !attributes.includes(` nonce="${nonce}"`)) continue;
    hashes.add(`'sha256-${createHash("sha256").update(text).digest("base64")}'`);
  }
  return [...hashes].join(" ");
}
