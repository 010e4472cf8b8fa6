import type { Response } from "express";

/** Sends the answer a tap kept (after changing it, or instead of it). */
export type Finish = (body: Buffer) => void | Promise<void>;

/**
 * Lets a middleware look at an answer made further down (by Remix) before
 * any of it is sent, as express's compression middleware does: `inspect`
 * runs once, at the first write, when the status and headers are set but not
 * sent. It may change headers; when it returns a function, the body is kept
 * and that function sends the answer (`res.end` is the next tap's by then).
 * Taps nest: the one registered last sees the answer first.
 */
export function tapResponse(res: Response, inspect: (res: Response) => Finish | undefined, onError: (e: unknown) => void) {
  const write = res.write;
  const end = res.end;
  let finish: Finish | undefined;
  let decided = false;
  const chunks: Buffer[] = [];
  const decide = () => {
    if (!decided) {
      decided = true;
      finish = inspect(res);
      if (!finish) {
        res.write = write;
        res.end = end;
      }
    }
    return finish !== undefined;
  };
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array));
  };
  res.write = function (this: Response, chunk: unknown, ...rest: unknown[]) {
    if (!decide()) return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    keep(chunk, rest[0]);
    return true;
  } as Response["write"];
  res.end = function (this: Response, chunk?: unknown, ...rest: unknown[]) {
    if (!decide()) return (end as (...a: unknown[]) => Response).call(this, chunk, ...rest);
    keep(chunk, rest[0]);
    res.write = write;
    res.end = end;
    Promise.resolve()
      .then(() => finish!(Buffer.concat(chunks)))
      .catch(onError);
    return this;
  } as Response["end"];
}
