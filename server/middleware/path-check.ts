import type { RequestHandler } from "express";
import { plain } from "./plain";

/** The path as routes see it, or null when it is malformed or holds characters no address of ours has. */
function decodedPath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  // NUL cannot even be stored in Postgres text: no route may pass it on.
  return /[\u0000-\u001f\u007f]/.test(decoded) ? null : decoded;
}

/** Refuses addresses that cannot be read (400) before anything else looks at them; keeps the decoded path. */
export const pathCheck: RequestHandler = (req, res, next) => {
  let url: URL;
  try {
    url = new URL(req.url, `http://${req.headers.host ?? "localhost"}`);
  } catch {
    return plain(res, 400, "Bad request");
  }
  const pathname = decodedPath(url.pathname);
  if (pathname === null) return plain(res, 400, "Bad request: the address is malformed.");
  res.locals.pathname = pathname;
  next();
};
