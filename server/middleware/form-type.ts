import type { IncomingHttpHeaders } from "node:http";
import type { RequestHandler } from "express";
import { bodyOf } from "./body-limit";
import { plain } from "./plain";
import { policyOf } from "./route-policy";

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * Every form we serve posts as one of FORM_TYPES, and routes read
 * `request.formData()`, which throws on anything else: refuse other bodies
 * here with a clear answer instead of a 500 from whichever route they hit.
 * An empty body without a type (a bare POST, a mail client's one-click
 * unsubscribe) is an empty form.
 */
async function formProblem(headers: IncomingHttpHeaders, body: Buffer): Promise<{ status: number; message: string } | null> {
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

/** 415 for a body that is not a web form, 400 for a malformed one; a route with `handle.anyBody` takes any. */
export const formType: RequestHandler = (req, res, next) => {
  const body = bodyOf(req);
  if (body === undefined || policyOf(res).anyBody) return next();
  formProblem(req.headers, body).then((problem) => (problem ? plain(res, problem.status, problem.message) : next()), next);
};
