import type { DisplayChoice, StatementState } from "../../db/states";
import { nameFor } from "./who-sees-what";

// Client-safe: the sign form's constants and pure helpers. The zod schema of
// what a signer submits is server-only, in sign-input.server.ts.

export const NAME_MAX = 100;
export const EMAIL_MAX = 254;
/** The `ward` value of a signer who does not live in the jurisdiction. */
export const OUTSIDE_WARD = "outside";
/** Left empty by people; bots that fill every field give themselves away. */
export const HONEYPOT_FIELD = "website";
export const VERIFY_TOKEN_TTL_DAYS = 7;

/** Only an open statement takes new signatures (and confirmations of pending ones). */
export function acceptsSignatures(state: StatementState): boolean {
  return state === "open";
}

/** Statements whose page, count and JSON are public. */
export const PUBLIC_STATEMENT_STATES = ["open", "closed", "delivered"] as const satisfies readonly StatementState[];

export function isPublicState(state: StatementState): boolean {
  return (PUBLIC_STATEMENT_STATES as readonly StatementState[]).includes(state);
}

const SIGN_FIELDS = ["name", "email", "ward", "display", "updates"] as const;
export type SignFormValues = Record<(typeof SIGN_FIELDS)[number], string>;

/** The form's raw values as text (what it re-renders with), whatever was posted. */
export function signFormValues(form: FormData): SignFormValues {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  return { name: text("name"), email: text("email"), ward: text("ward"), display: text("display"), updates: text("updates") };
}

/**
 * How a signer appears publicly: the full name, the first name and the
 * initial of the last ("Maria G."), or not at all (private and anonymous
 * signers are counted, never listed). Organizers see the same (who-sees-what.ts).
 */
export function publicName(name: string, display: DisplayChoice): string | null {
  return nameFor("public", name, display);
}

/**
 * The embed shows a refused form's problems after a redirect: which field,
 * and the message key (never the values the signer typed).
 */
export function embedErrorQuery(errors: Partial<Record<string, string>>): string {
  const q = new URLSearchParams();
  for (const [field, key] of Object.entries(errors)) if (key) q.append("error", `${field}:${key}`);
  return `?${q}`;
}

/** The errors back from the query, keeping only real fields and sign-form message keys. */
export function embedErrorsFrom(params: URLSearchParams): Partial<Record<string, string>> {
  const errors: Partial<Record<string, string>> = {};
  for (const entry of params.getAll("error")) {
    const [field, key] = entry.split(":");
    if ((SIGN_FIELDS as readonly string[]).includes(field) && /^sign\.error\.[a-zA-Z]+$/.test(key ?? "")) errors[field] ??= key;
  }
  return errors;
}

/** A token from an emailed link worth looking up: present and not absurdly long. */
export const isPlausibleToken = (token: unknown): token is string =>
  typeof token === "string" && token.length > 0 && token.length <= 200;
