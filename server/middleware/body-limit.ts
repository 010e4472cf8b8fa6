import type { Request, RequestHandler } from "express";
import { plain } from "./plain";

/** Bodies larger than this are refused with 413 before the app sees them. */
export const MAX_BODY_BYTES = 64 * 1024;

class BodyTooLarge extends Error {}

async function readBody(req: Request): Promise<Buffer> {
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

/** The body read so far by bodyLimit; undefined for GET and HEAD. */
export const bodyOf = (req: Request) => (req as Request & { rawBody?: Buffer }).rawBody;

/** Reads every body (but GET's and HEAD's) up to MAX_BODY_BYTES, refusing larger ones with 413. */
export const bodyLimit: RequestHandler = (req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") return next();
  readBody(req).then(
    (body) => {
      (req as Request & { rawBody?: Buffer }).rawBody = body;
      next();
    },
    (e) => {
      if (e instanceof BodyTooLarge) return plain(res, 413, `Request too large: the limit is ${MAX_BODY_BYTES / 1024} KB.`);
      plain(res, 400, "Bad request");
    },
  );
};
