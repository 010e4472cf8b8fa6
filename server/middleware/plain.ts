import type { Response } from "express";

/** A short plain-text answer of ours (refusals, errors), closing the connection. */
export function plain(res: Response, status: number, message: string) {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Connection", "close");
  res.end(message);
}
