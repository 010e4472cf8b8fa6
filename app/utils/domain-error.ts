// The one way domain code says "no" when the answer is not a typed result:
// a DomainError with a kind. Domain modules never build HTTP responses;
// routes turn these into answers through app/http/respond.server.ts.
export const DOMAIN_ERROR_KINDS = ["not_found", "forbidden", "conflict", "gone", "invalid"] as const;
export type DomainErrorKind = (typeof DOMAIN_ERROR_KINDS)[number];

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string = kind,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (message = "Not found") => new DomainError("not_found", message);
export const forbidden = (message = "Forbidden") => new DomainError("forbidden", message);
export const conflict = (message: string) => new DomainError("conflict", message);

export function isDomainError(e: unknown, kind?: DomainErrorKind): e is DomainError {
  return e instanceof DomainError && (kind === undefined || e.kind === kind);
}
