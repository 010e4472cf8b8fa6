import { z } from "zod";
import { emailAddressSchema } from "~/mail/email-address";
import { DISPLAY_CHOICES } from "../../db/states";
import { NAME_MAX, OUTSIDE_WARD, type SignFormValues } from "./signatures";

// NUL and friends would break Postgres text or hide characters; tabs and
// line breaks in a name are only whitespace and get collapsed below.
const hasControl = (v: string) => /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v);
// Zero-width characters and bidirectional controls: invisible, they can make
// a name read as another ("Rosa" shown reversed, or two names that look the
// same). Removed, not refused: a name pasted from elsewhere often carries them.
const INVISIBLE = /[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// The joiners (U+200C, U+200D) are removed too, except one between two
// visible characters: there they are part of the name's spelling (emoji
// sequences such as 👩🏽‍🚀, Persian and Indic scripts).
const STRAY_JOINERS = /(?<=^|[\s\u200c\u200d])[\u200c\u200d]+|[\u200c\u200d]+(?=$|\s)|(?<=[\u200c\u200d])[\u200c\u200d]+/g;
const squash = (v: string) => v.replace(/\s+/g, " ").trim();
/** The name as stored: NFC, visible characters only, single spaces. */
const cleanName = (v: string) => squash(squash(v.replace(INVISIBLE, "").normalize("NFC")).replace(STRAY_JOINERS, ""));

/**
 * What a signer submits. Messages are i18n keys (app/i18n/messages/signing.ts),
 * translated where they are shown; `{max}` is NAME_MAX or EMAIL_MAX.
 */
const signatureInputSchema = z.object({
  name: z
    .string()
    .refine((v) => !hasControl(v), "sign.error.nameInvalid")
    .transform(cleanName)
    .pipe(z.string().min(1, "sign.error.nameRequired").max(NAME_MAX, "sign.error.nameTooLong")),
  email: emailAddressSchema({
    required: "sign.error.emailRequired",
    tooLong: "sign.error.emailTooLong",
    single: "sign.error.emailSingle",
    invalid: "sign.error.emailInvalid",
  }),
  /** A ward id, OUTSIDE_WARD, or empty; checked against the statement's wards by signStatement. */
  ward: z
    .string()
    .trim()
    .regex(new RegExp(`^(|${OUTSIDE_WARD}|[1-9][0-9]{0,8})$`), "sign.error.wardUnknown"),
  display: z.enum(DISPLAY_CHOICES, { message: "sign.error.displayUnknown" }),
  updates: z.boolean(),
});
export type SignatureInput = z.output<typeof signatureInputSchema>;

/** A checkbox counts as ticked whatever value a partner site's form gives it. */
export function parseSignatureInput(values: SignFormValues) {
  const updates = values.updates !== "" && !/^(0|false|no|off)$/i.test(values.updates);
  return signatureInputSchema.safeParse({ ...values, updates });
}

