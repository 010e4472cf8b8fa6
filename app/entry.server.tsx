import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { isDatabaseUnavailable } from "./db.server";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./utils/nonce";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce ?? "";
  // Bots and no-JS clients get the whole document at once.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(
        new Response(createReadableStreamFromReadable(body), {
          headers: responseHeaders,
          status: responseStatusCode,
        }),
      );
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          if (readyEvent === "onShellReady") ready();
        },
        onAllReady() {
          // A timer left pending kept every finished render in memory for
          // seconds, and aborting a finished render still cost an error.
          clearTimeout(timer);
          if (readyEvent === "onAllReady") ready();
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Remix's default logging, and a note for the HTTP server when the database
 * was unreachable: it answers 503 "try again" then, even if the database is
 * back by the time it asks.
 */
export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }) {
  const cause = isRouteErrorResponse(error) && (error as { error?: unknown }).error ? (error as { error?: unknown }).error : error;
  if (isDatabaseUnavailable(cause)) context.databaseUnavailable = true;
  if (!request.signal.aborted) console.error(cause);
}

// What the server and the worker use of the app. They reach it only through
// the build (`build.entry.module`), so each process holds one copy of the app:
// one database pool, one outbox hook table, one shared-page store.
export { parseEnv, EnvError, redact, useEnv, type Env } from "./env.server";
export { getDb, closeDbs } from "./db.server";
export { createTransport } from "./mail/transport.server";
export { startOutboxWorker } from "./mail/outbox.server";
export { startScheduledJobs } from "./jobs.server";
export { registerDeliveryBackground } from "./delivery/background.server";
export { registerRetentionJob } from "./signing/retention-background.server";
export { findSharedPage, keepSharedPage, PUBLIC_READ_TTL_MS, SHARED_PAGE_HEADER, type SharedPage } from "./statements/public-reads.server";
export { LOCALE_COOKIE } from "./i18n/locale.server";
// For the demo seed (server/seed.ts).
export { publishStatement } from "./statements/publish.server";
export { findTemplate } from "./statements/templates";
export { slugify } from "./statements/text";
