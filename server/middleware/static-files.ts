import path from "node:path";
import express, { type RequestHandler } from "express";

/**
 * public/: files under /build/ have content hashes in their names and are
 * kept for a year; the rest for an hour. Public files all have an extension
 * and app URLs do not, so app URLs cost no disk lookup.
 */
export function staticFiles(publicDir: string): RequestHandler {
  const nosniff = (res: { setHeader(name: string, value: string): unknown }) => res.setHeader("X-Content-Type-Options", "nosniff");
  const fingerprinted = express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y", index: false, redirect: false, setHeaders: nosniff });
  const rest = express.static(publicDir, { maxAge: "1h", index: false, redirect: false, setHeaders: nosniff });
  return (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || path.extname(req.path) === "") return next();
    if (req.path.startsWith("/build/")) {
      // Under its own mount, as express.static wants it.
      const url = req.url;
      req.url = url.slice("/build".length);
      return fingerprinted(req, res, (e?: unknown) => {
        req.url = url;
        next(e);
      });
    }
    rest(req, res, next);
  };
}
