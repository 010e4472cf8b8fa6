// What /my-signatures' forms accept, read by zod: server-only, so the browser
// never loads zod for them.
import { z } from "zod";
import { DISPLAY_CHOICES } from "../../db/states";
import { emailAddressSchema } from "~/mail/email-address";

export const mySignaturesRequestSchema = z.object({ email: emailAddressSchema({ required: "mine.error.emailRequired" }) });

/** A signature's id as the page posts it (a bigint, so a string of digits). */
const signatureId = z.string().regex(/^[1-9][0-9]{0,17}$/);

export const displayChangeSchema = z.object({ signature: signatureId, display: z.enum(DISPLAY_CHOICES) });
/** Withdrawing and erasing ask once; only `confirmed=yes` does it. */
export const confirmableSchema = z.object({ signature: signatureId, confirmed: z.literal("yes").optional() });
