import { createHash, randomBytes } from "node:crypto";
import { createReadStream, promises as fs } from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { LOCALE_COOKIE } from "../app/i18n/locale.server";
import { findSharedPage, keepSharedPage, PUBLIC_READ_TTL_MS, SHARED_PAGE_HEADER, type SharedPage } from "../app/statements/public-reads.server";

const SHARED_PAGE_SECONDS = Math.max(1, Math.round(PUBLIC_READ_TTL_MS / 1000));

/** Bodies larger than this are refused with 413 before the app sees them. */
export const MAX_BODY_BYTES = 64 * 1024;

const MIME: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

export interface HttpOptions {
  build: ServerBuild;
  /** Asked after a 500: if the database is down, the client gets a 503 page instead. */
  databaseAnswers?: () => Promise<boolean>;
  publicDir: string;
  trustProxy: boolean;
  production: boolean;
}

export function clientAddress(req: http.IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}

class BodyTooLarge extends Error {}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * Every form we serve posts as one of FORM_TYPES, and routes read
 * `request.formData()`, which throws on anything else: refuse other bodies
 * here with a clear answer instead of a 500 from whichever route they hit.
 * An empty body without a type (a bare POST, a mail client's one-click
 * unsubscribe) is an empty form.
 */
async function formProblem(headers: http.IncomingHttpHeaders, body: Buffer): Promise<{ status: number; message: string } | null> {
  const type = (headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (!type) {
    if (body.length === 0) return null;
    return { status: 415, message: "Send the form as a web form (application/x-www-form-urlencoded or multipart/form-data)." };
  }
  if (!FORM_TYPES.includes(type))
    return { status: 415, message: `Send the form as a web form (application/x-www-form-urlencoded or multipart/form-data), not ${type}.` };
  if (type === "multipart/form-data") {
    try {
      await new Response(new Uint8Array(body), { headers: { "content-type": headers["content-type"]! } }).formData();
    } catch {
      return { status: 400, message: "The form could not be read: its multipart body is malformed." };
    }
  }
  return null;
}

/** No Origin (not a browser's cross-site post), or one naming the host the request was sent to. */
function sameOrigin(headers: http.IncomingHttpHeaders): boolean {
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

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > MAX_BODY_BYTES) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** `scripts` is the CSP source that lets the page's own inline scripts run: its nonce, or their hashes. */
function securityHeaders(res: http.ServerResponse, scripts: string, pathname: string) {
  const embeddable = /^\/statements\/[^/]+\/embed\/?$/.test(pathname);
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
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  if (!embeddable) res.setHeader("X-Frame-Options", "DENY");
}

/**
 * The key under which an anonymous reader may be given a shared page: all a
 * page may vary by for them (address, language cookie, Accept-Language).
 * Null for anyone with another cookie: a signed-in organizer's page is theirs.
 */
function sharedPageKey(req: http.IncomingMessage, url: URL): string | null {
  let lang = "";
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [name, value = ""] = part.trim().split("=", 2);
    if (!name) continue;
    if (name !== LOCALE_COOKIE) return null;
    lang = value;
  }
  return `${url.pathname}${url.search}\n${lang}\n${req.headers["accept-language"] ?? ""}`;
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

function sendSharedPage(res: http.ServerResponse, page: SharedPage, pathname: string) {
  res.statusCode = 200;
  for (const [key, value] of page.headers) res.setHeader(key, value);
  securityHeaders(res, page.scripts, pathname);
  // A second, like the reads it is made of; a CDN keeps one copy per language, and none for anyone with a cookie.
  res.setHeader("Cache-Control", `public, max-age=${SHARED_PAGE_SECONDS}, stale-while-revalidate=${SHARED_PAGE_SECONDS * 4}`);
  res.setHeader("Vary", "Cookie, Accept-Language");
  res.setHeader("Content-Length", page.body.byteLength);
  res.end(page.body);
}

async function serveStatic(publicDir: string, pathname: string, res: http.ServerResponse): Promise<boolean> {
  if (pathname.includes("..") || pathname.includes("\0")) return false;
  const file = path.join(publicDir, pathname);
  if (!file.startsWith(publicDir + path.sep)) return false;
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    return false;
  }
  if (!stat.isFile()) return false;
  res.statusCode = 200;
  res.setHeader("Content-Type", MIME[path.extname(file)] ?? "application/octet-stream");
  res.setHeader("Content-Length", stat.size);
  res.setHeader("X-Content-Type-Options", "nosniff");
  // Files under /build/ have content hashes in their names.
  res.setHeader("Cache-Control", pathname.startsWith("/build/") ? "public, max-age=31536000, immutable" : "public, max-age=3600");
  createReadStream(file).pipe(res);
  return true;
}

/**
 * Copies a web stream to the response, waiting whenever the client is slow.
 * Lighter per request than Readable.fromWeb(...).pipe(res).
 */
async function sendBody(body: ReadableStream<Uint8Array>, res: http.ServerResponse) {
  const reader = body.getReader();
  const writable = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        res.off("drain", done);
        res.off("close", done);
        resolve();
      };
      res.on("drain", done);
      res.on("close", done);
    });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return void res.end();
      if (!res.write(value)) await writable();
      if (res.destroyed) return void (await reader.cancel());
    }
  } catch {
    res.destroy();
  }
}

function plain(res: http.ServerResponse, status: number, message: string) {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Connection", "close");
  res.end(message);
}

/** A node:http server that hands requests to the Remix build. */
const UNAVAILABLE_PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable — Undersigned</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b2430">
<h1>We'll be right back</h1>
<p>Undersigned cannot reach its database for a moment. Nothing you already sent has been lost.</p>
<p>Please try again in a minute. If you were signing a statement, go back and submit the form again: you will not be counted twice.</p>
<p lang="es">Undersigned no puede conectar con su base de datos en este momento. Nada de lo que ya envió se ha perdido. Inténtelo de nuevo en un minuto.</p>
</body></html>`;

export function createHttpServer({ build, publicDir, trustProxy, production, databaseAnswers }: HttpOptions) {
  const handle = createRequestHandler(build, production ? "production" : "development");
  const root = path.resolve(publicDir);

  return http.createServer(async (req, res) => {
    // The last line of defence: a request must never take the process down.
    try {
      await serve(req, res);
    } catch (e) {
      console.error("request failed:", e);
      if (!res.headersSent) plain(res, 500, "Something went wrong on our side. Please try again.");
      else res.destroy();
    }
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse) {
    const method = req.method ?? "GET";
    const host = req.headers.host ?? "localhost";
    let url: URL;
    try {
      url = new URL(req.url ?? "/", `http://${host}`);
    } catch {
      return plain(res, 400, "Bad request");
    }

    const pathname = decodedPath(url.pathname);
    if (pathname === null) return plain(res, 400, "Bad request: the address is malformed.");
    // Public files all have an extension; app URLs do not, and need no disk lookup.
    if ((method === "GET" || method === "HEAD") && path.extname(pathname) !== "" && (await serveStatic(root, pathname, res))) return;

    const shareKey = method === "GET" ? sharedPageKey(req, url) : null;
    const shared = shareKey === null ? undefined : findSharedPage(shareKey);
    if (shared) return sendSharedPage(res, shared, url.pathname);

    let body: Buffer | undefined;
    if (method !== "GET" && method !== "HEAD") {
      try {
        body = await readBody(req);
      } catch (e) {
        if (e instanceof BodyTooLarge)
          return plain(res, 413, `Request too large: the limit is ${MAX_BODY_BYTES / 1024} KB.`);
        return plain(res, 400, "Bad request");
      }
      // Mail clients' RFC 8058 one-click unsubscribes are not all well-formed
      // forms; that route reads its token from the address and copes.
      const problem = pathname === "/unsubscribe" ? null : await formProblem(req.headers, body);
      if (problem) return plain(res, problem.status, problem.message);
    }

    // Partner sites post the sign form from their own pages. Signing carries
    // no ambient authority (no session; SameSite cookies are not sent
    // cross-site), so Remix's Origin-must-match-Host check, which would answer
    // these posts with a 500, is lifted for that one URL.
    const partnerPost = method === "POST" && /^\/statements\/[^/.]+\/?$/.test(url.pathname);
    // Every other post must come from our own pages. Remix checks the same
    // but answers a mismatched (or "null", or garbled) Origin with a 500:
    // refuse it here, plainly, by the same rule.
    if (body && !partnerPost && !sameOrigin(req.headers)) return plain(res, 403, "Refused: this form can only be sent from Undersigned's own pages.");
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value === undefined || (partnerPost && key === "origin")) continue;
      if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
      else headers.set(key, value);
    }
    if (body && !headers.has("content-type")) headers.set("content-type", "application/x-www-form-urlencoded");
    const controller = new AbortController();
    // Only a client gone before its answer aborts: aborting after every
    // answer cost a DOMException and its listeners per request.
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const request = new Request(url, { method, headers, body: body ? new Uint8Array(body) : undefined, signal: controller.signal });
    // Made only for pages (the CSP and the scripts Remix renders need it), not for redirects and JSON.
    let nonce: string | undefined;
    const context: AppLoadContext = {
      clientIp: clientAddress(req, trustProxy),
      get cspNonce() {
        return (nonce ??= randomBytes(16).toString("base64"));
      },
    };

    let response: Response;
    try {
      response = await handle(request, context);
    } catch (e) {
      console.error("request failed:", e);
      return plain(res, 500, "Something went wrong on our side. Please try again.");
    }

    const isPage = (response.headers.get("content-type") ?? "").startsWith("text/html");
    // A route that answers 503 itself (/healthz) has said what it means.
    const unavailable = async () => context.databaseUnavailable || (databaseAnswers !== undefined && !(await databaseAnswers()));
    if (response.status >= 500 && response.status !== 503 && (await unavailable())) {
      res.statusCode = 503;
      res.setHeader("Retry-After", "30");
      res.setHeader("Cache-Control", "no-store");
      if (!isPage) return plain(res, 503, "Temporarily unavailable: the database cannot be reached. Try again in a minute.");
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      securityHeaders(res, `'nonce-${context.cspNonce}'`, url.pathname);
      return res.end(UNAVAILABLE_PAGE);
    }

    const cookies = response.headers.getSetCookie();
    if (response.headers.has(SHARED_PAGE_HEADER)) {
      if (shareKey !== null && response.status === 200 && isPage && cookies.length === 0 && response.body) {
        const headers = [...response.headers].filter(([key]) => key !== SHARED_PAGE_HEADER && key !== "content-length" && key !== "transfer-encoding");
        const html = await response.text();
        const page = { path: url.pathname, headers, body: Buffer.from(html), scripts: inlineScriptHashes(html, context.cspNonce) };
        keepSharedPage(shareKey, page);
        return sendSharedPage(res, { ...page, until: 0 }, url.pathname);
      }
      response.headers.delete(SHARED_PAGE_HEADER);
      // Rendered for this reader alone (they have a session, or another cookie).
      response.headers.set("Cache-Control", "private, no-cache");
    }

    res.statusCode = response.status;
    res.statusMessage = response.statusText || http.STATUS_CODES[response.status] || "";
    for (const [key, value] of response.headers) {
      if (key === "set-cookie") continue;
      res.setHeader(key, value);
    }
    if (cookies.length) res.setHeader("Set-Cookie", cookies);
    if (isPage) securityHeaders(res, `'nonce-${context.cspNonce}'`, url.pathname);
    else res.setHeader("X-Content-Type-Options", "nosniff");

    if (!response.body || method === "HEAD") return res.end();
    await sendBody(response.body, res);
  }
}
