// What the delivery pages' forms accept, read by zod: server-only, so the
// browser never loads zod for these forms.
import { z } from "zod";
import { idSchema } from "~/utils/id-schema.server";
import { RESPONSE_MAX } from "./delivery-form";

export const respondSchema = z.object({
  response: z
    .string({ message: "Write your response" })
    .trim()
    .min(1, "Write your response")
    .max(RESPONSE_MAX, `Your response must be at most ${RESPONSE_MAX.toLocaleString("en-US")} characters`)
    .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), "Your response contains characters that cannot be shown"),
});

/** The delivery board's intents (the action picks one by its `intent` field). */
export const deliverIntentSchema = z.object({ sequence: z.coerce.number().int().positive() });
export const retryIntentSchema = z.object({ officialDeliveryId: idSchema() });
