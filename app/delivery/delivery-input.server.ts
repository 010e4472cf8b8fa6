// What the delivery pages' forms accept, read by zod: server-only, so the
// browser never loads zod for these forms.
import { z } from "zod";
import { idSchema } from "~/utils/id-schema.server";
import { RESPONSE_MAX } from "./delivery-form";

export const respondSchema = z.object({
  response: z
    .string({ message: "official.error.responseRequired" })
    .trim()
    .min(1, "official.error.responseRequired")
    // The catalog's words say 5,000: RESPONSE_MAX and they change together.
    .max(RESPONSE_MAX, "official.error.responseTooLong")
    .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), "official.error.responseCharacters"),
});

/** The delivery board's intents (the action picks one by its `intent` field). */
export const deliverIntentSchema = z.object({ sequence: z.coerce.number().int().positive() });
export const retryIntentSchema = z.object({ officialDeliveryId: idSchema() });
