import { Readable } from "node:stream";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import type { Request, RequestHandler } from "express";
import { bodyOf } from "./body-limit";
import { contextOf } from "./load-context";

/**
 * The request as @remix-run/express reads it, its body replayed from what
 * bodyLimit already read (the socket's stream has ended by then).
 */
function withBody(req: Request, body: Buffer): Request {
  const replay = Readable.from(body.length ? [body] : []);
  const view = Object.create(req) as Request;
  for (const method of ["on", "once", "off", "addListener", "removeListener", "pause", "resume", "destroy"] as const)
    (view as unknown as Record<string, unknown>)[method] = (replay[method] as (...a: unknown[]) => unknown).bind(replay);
  Object.defineProperty(view, "readable", { get: () => replay.readable });
  Object.defineProperty(view, "readableHighWaterMark", { get: () => replay.readableHighWaterMark });
  return view;
}

/** The app: the build's routes through @remix-run/express, with the context made by loadContext. */
export function remix({ build, production }: { build: ServerBuild; production: boolean }): RequestHandler {
  const handle = createRequestHandler({ build, mode: production ? "production" : "development", getLoadContext: (_req, res) => contextOf(res) });
  return (req, res, next) => {
    const body = bodyOf(req);
    if (body === undefined) return handle(req, res, next);
    // A body without a type is an empty form (formType let only that through).
    req.headers["content-type"] ??= "application/x-www-form-urlencoded";
    return handle(withBody(req, body), res, next);
  };
}
