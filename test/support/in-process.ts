import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Answers a request as the app would; relative addresses are resolved against the app's origin. */
export type AppFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** The origin the in-process app answers as (and its APP_URL): nothing listens there. */
export const IN_PROCESS_ORIGIN = "http://in-process.localhost";

export interface InProcessApp {
  /** The origin requests (and the app's own links, APP_URL) use; nothing listens on it. */
  url: string;
  fetch: AppFetch;
  /** What the build's server entry exports for the server (its own copy of the app's pools and hooks), where it does. */
  entry: Partial<Record<"closeDbs" | "startOutboxWorker" | "createTransport" | "registerDeliveryBackground", unknown>>;
}

/**
 * The built app (`build/index.js`, from `npx remix build`) answering requests
 * through Remix's own request handler, in this process, against this file's
 * database (DATABASE_URL, set by setup-database.ts). No HTTP layer: what the
 * server adds (body limit, CSP, the shared page, static files, Origin checks)
 * is not here, so tests of those stay with a spawned server.
 *
 * The app reads its configuration from process.env: set it (APP_URL to
 * `url`, SMTP_URL, ADMIN_EMAILS, …) before loading it.
 */
export async function loadInProcessApp({ url = IN_PROCESS_ORIGIN }: { url?: string } = {}): Promise<InProcessApp> {
  const file = path.join(root, "build", "index.js");
  let build: ServerBuild;
  try {
    build = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as ServerBuild;
  } catch (e) {
    throw new Error(`no app build at ${file}: run \`npx remix build\` first (${e instanceof Error ? e.message : e})`);
  }
  const handle = createRequestHandler(build, "test");
  const origin = new URL(url).origin;
  return {
    url: origin,
    entry: build.entry.module as InProcessApp["entry"],
    async fetch(input, init = {}) {
      const request = new Request(new URL(input, origin), { redirect: "manual", ...init });
      // What the HTTP layer provides each request: the client's address and a CSP nonce.
      const context: AppLoadContext = { clientIp: "127.0.0.1", cspNonce: randomBytes(16).toString("base64") };
      return handle(request, context);
    },
  };
}
