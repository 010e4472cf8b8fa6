import { randomBytes } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import type { RequestHandler, Response } from "express";
import { clientAddress } from "./client-address";

/** The context Remix hands loaders and actions (app/load-context.ts), made once per request. */
export function loadContext({ trustProxy }: { trustProxy: number }): RequestHandler {
  return (req, res, next) => {
    // Made only for pages (the CSP and the scripts Remix renders need it), not for redirects and JSON.
    let nonce: string | undefined;
    const context: AppLoadContext = {
      clientIp: clientAddress(req, trustProxy),
      get cspNonce() {
        return (nonce ??= randomBytes(16).toString("base64"));
      },
    };
    res.locals.context = context;
    next();
  };
}

export const contextOf = (res: Response) => res.locals.context as AppLoadContext;
