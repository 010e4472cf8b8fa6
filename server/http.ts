import { randomBytes } from "node:crypto";
import { createReadStream, promises as fs } from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";

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

function securityHeaders(res: http.ServerResponse, nonce: string, pathname: string) {
  const embeddable = /^\/statements\/[^/]+\/embed\/?$/.test(pathname);
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
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
    const method = req.method ?? "GET";
    const host = req.headers.host ?? "localhost";
    let url: URL;
    try {
      url = new URL(req.url ?? "/", `http://${host}`);
    } catch {
      return plain(res, 400, "Bad request");
    }

    // Public files all have an extension; app URLs do not, and need no disk lookup.
    if ((method === "GET" || method === "HEAD") && path.extname(url.pathname) !== "") {
      let pathname: string;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        return plain(res, 400, "Bad request");
      }
      if (await serveStatic(root, pathname, res)) return;
    }

    let body: Buffer | undefined;
    if (method !== "GET" && method !== "HEAD") {
      try {
        body = await readBody(req);
      } catch (e) {
        if (e instanceof BodyTooLarge)
          return plain(res, 413, `Request too large: the limit is ${MAX_BODY_BYTES / 1024} KB.`);
        return plain(res, 400, "Bad request");
      }
    }

    // Partner sites post the sign form from their own pages. Signing carries
    // no ambient authority (no session; SameSite cookies are not sent
    // cross-site), so Remix's Origin-must-match-Host check, which would answer
    // these posts with a 500, is lifted for that one URL.
    const partnerPost = method === "POST" && /^\/statements\/[^/.]+\/?$/.test(url.pathname);
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value === undefined || (partnerPost && key === "origin")) continue;
      if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
      else headers.set(key, value);
    }
    const controller = new AbortController();
    // Only a client gone before its answer aborts: aborting after every
    // answer cost a DOMException and its listeners per request.
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const request = new Request(url, { method, headers, body: body ? new Uint8Array(body) : undefined, signal: controller.signal });
    // Made only for pages (the CSP and the scripts Remix renders need it), not for redirects and JSON.
    let nonce: string | undefined;
    const context = {
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
    if (response.status >= 500 && isPage && databaseAnswers && !(await databaseAnswers())) {
      res.statusCode = 503;
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.setHeader("Retry-After", "30");
      res.setHeader("Cache-Control", "no-store");
      securityHeaders(res, context.cspNonce, url.pathname);
      return res.end(UNAVAILABLE_PAGE);
    }

    res.statusCode = response.status;
    res.statusMessage = response.statusText || http.STATUS_CODES[response.status] || "";
    for (const [key, value] of response.headers) {
      if (key === "set-cookie") continue;
      res.setHeader(key, value);
    }
    const cookies = response.headers.getSetCookie();
    if (cookies.length) res.setHeader("Set-Cookie", cookies);
    if (isPage) securityHeaders(res, context.cspNonce, url.pathname);
    else res.setHeader("X-Content-Type-Options", "nosniff");

    if (!response.body || method === "HEAD") return res.end();
    await sendBody(response.body, res);
  });
}
