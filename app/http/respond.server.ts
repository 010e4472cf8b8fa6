// The one helper that maps domain errors to HTTP for routes.
import { DomainError, type DomainErrorKind } from "~/utils/domain-error";

const STATUS: Record<DomainErrorKind, number> = { not_found: 404, forbidden: 403, conflict: 409, gone: 410, invalid: 400 };

export function domainErrorResponse(e: DomainError): Response {
  return new Response(e.message, { status: STATUS[e.kind], headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** Runs a domain call; a DomainError becomes the matching HTTP answer (thrown, as Remix expects). */
export async function orHttpError<T>(work: Promise<T> | (() => Promise<T>)): Promise<T> {
  try {
    return await (typeof work === "function" ? work() : work);
  } catch (e) {
    if (e instanceof DomainError) throw domainErrorResponse(e);
    throw e;
  }
}
