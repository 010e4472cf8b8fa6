import { z } from "zod";
import { DISPLAY_CHOICES, type DisplayChoice, type StatementState } from "../../db/states";

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

// NUL and friends would break Postgres text or hide characters; tabs and
// line breaks in a name are only whitespace and get collapsed below.
const hasControl = (v: string) => /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v);

/**
 * What a signer submits. Messages are i18n keys (app/i18n/messages/signing.ts),
 * translated where they are shown; `{max}` is NAME_MAX or EMAIL_MAX.
 */
export const signatureInputSchema = z.object({
  name: z
    .string()
    .refine((v) => !hasControl(v), "sign.error.nameInvalid")
    .transform((v) => v.normalize("NFC").replace(/\s+/g, " ").trim())
    .pipe(z.string().min(1, "sign.error.nameRequired").max(NAME_MAX, "sign.error.nameTooLong")),
  email: z
    .string()
    .trim()
    .min(1, "sign.error.emailRequired")
    .max(EMAIL_MAX, "sign.error.emailTooLong")
    .refine((v) => !/[\r\n]/.test(v) && !hasControl(v), "sign.error.emailSingle")
    .pipe(z.email("sign.error.emailInvalid"))
    .transform((v) => v.toLowerCase()),
  /** A ward id, OUTSIDE_WARD, or empty; checked against the statement's wards by signStatement. */
  ward: z
    .string()
    .trim()
    .regex(new RegExp(`^(|${OUTSIDE_WARD}|[1-9][0-9]{0,8})$`), "sign.error.wardUnknown"),
  display: z.enum(DISPLAY_CHOICES, { message: "sign.error.displayUnknown" }),
  updates: z.boolean(),
});
export type SignatureInput = z.output<typeof signatureInputSchema>;

export const SIGN_FIELDS = ["name", "email", "ward", "display", "updates"] as const;
export type SignFormValues = Record<(typeof SIGN_FIELDS)[number], string>;

/** The form's raw values as text (what it re-renders with), whatever was posted. */
export function signFormValues(form: FormData): SignFormValues {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  return { name: text("name"), email: text("email"), ward: text("ward"), display: text("display"), updates: text("updates") };
}

/** A checkbox counts as ticked whatever value a partner site's form gives it. */
export function parseSignatureInput(values: SignFormValues) {
  const updates = values.updates !== "" && !/^(0|false|no|off)$/i.test(values.updates);
  return signatureInputSchema.safeParse({ ...values, updates });
}

/**
 * How a signer appears publicly: the full name, the first name and the
 * initial of the last ("Maria G."), or not at all.
 */
export function publicName(name: string, display: DisplayChoice): string | null {
  if (display === "private") return null;
  if (display === "full") return name;
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return parts[0] ?? "";
  const last = parts[parts.length - 1];
  return `${parts[0]} ${Array.from(last)[0].toLocaleUpperCase()}.`;
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
