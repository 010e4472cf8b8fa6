import type { RequestHandler } from "express";
import { contextOf } from "./load-context";
import { plain } from "./plain";
import { tapResponse } from "./response-tap";
import { isPage } from "./security-headers";

const UNAVAILABLE_PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable — Undersigned</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b2430">
<h1>We'll be right back</h1>
<p>Undersigned cannot reach its database for a moment. Nothing you already sent has been lost.</p>
<p>Please try again in a minute. If you were signing a statement, go back and submit the form again: you will not be counted twice.</p>
<p lang="es">Undersigned no puede conectar con su base de datos en este momento. Nada de lo que ya envió se ha perdido. Inténtelo de nuevo en un minuto.</p>
</body></html>`;

/**
 * A 500 while the database cannot be reached becomes a 503 "try again" (a
 * page, or a line for anything else): the app marks the request when a
 * database error caused it, and `databaseAnswers` is asked otherwise. A
 * route that answers 503 itself (/healthz) has said what it means.
 */
export function unavailable({ databaseAnswers }: { databaseAnswers?: () => Promise<boolean> }): RequestHandler {
  return (_req, res, next) => {
    tapResponse(
      res,
      () => {
        if (res.statusCode < 500 || res.statusCode === 503) return undefined;
        return async (body) => {
          const context = contextOf(res);
          const down = context.databaseUnavailable || (databaseAnswers !== undefined && !(await databaseAnswers()));
          if (!down) return void res.end(body);
          const page = isPage(res);
          for (const name of res.getHeaderNames()) res.removeHeader(name);
          res.setHeader("Retry-After", "30");
          res.setHeader("Cache-Control", "no-store");
          if (!page) return plain(res, 503, "Temporarily unavailable: the database cannot be reached. Try again in a minute.");
          res.statusCode = 503;
          res.setHeader("Content-Type", "text/html; charset=utf-8");
          res.end(UNAVAILABLE_PAGE);
        };
      },
      next,
    );
    next();
  };
}
