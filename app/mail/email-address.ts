// The one rule for an email address people type (signers, organizers signing
// in or inviting, the officials directory): trimmed, at most EMAIL_ADDRESS_MAX
// characters, one line, a valid address, stored in lower case. Each form keeps
// its own message keys. Parsed in actions and domain code.
import { z } from "zod";

/** RFC 5321's limit on a forward path: longer cannot be delivered. */
const EMAIL_ADDRESS_MAX = 254;

// Line breaks would let an address smuggle headers; other control characters are never part of one.
const hasControl = (v: string) => /[\u0000-\u001f\u007f]/.test(v);

interface EmailAddressMessages {
  /** Empty or missing. */
  required: string;
  tooLong?: string;
  /** More than one line, or characters no address has. */
  single?: string;
  invalid?: string;
}

export function emailAddressSchema({
  required,
  tooLong = "form.error.emailTooLong",
  single = "form.error.emailSingle",
  invalid = "form.error.emailInvalid",
}: EmailAddressMessages) {
  return z
    .string({ message: required })
    .trim()
    .min(1, required)
    .max(EMAIL_ADDRESS_MAX, tooLong)
    .refine((v) => !hasControl(v), single)
    .pipe(z.email(invalid))
    .transform((v) => v.toLowerCase());
}

const GMAIL_DOMAINS = new Set(["gmail.com", "googlemail.com"]);

/**
 * The inbox an address reaches, for "one inbox, one signature": lower case,
 * without a `+tag` (every domain: most providers deliver `name+tag@` to
 * `name@`), and for Gmail without the dots of the local part, which Gmail
 * ignores (googlemail.com is gmail.com). Stored beside the address as typed
 * (signatures.email_key); the migration that added it backfilled it with the
 * same rule in SQL.
 */
export function inboxKey(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  const domain = lower.slice(at + 1);
  let local = lower.slice(0, at).replace(/^([^+]+)\+.*$/, "$1");
  if (!GMAIL_DOMAINS.has(domain)) return `${local}@${domain}`;
  local = local.replaceAll(".", "");
  return `${local}@gmail.com`;
}
