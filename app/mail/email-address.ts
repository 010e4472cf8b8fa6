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
