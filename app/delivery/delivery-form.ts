// What the delivery pages' forms accept and how they show sizes: client-safe.
import { z } from "zod";
import { formatNumber, type Locale } from "~/i18n/core";
import { idSchema } from "~/utils/id-schema";

export const RESPONSE_MAX = 5_000;

export const respondSchema = z.object({
  response: z
    .string({ message: "Write your response" })
    .trim()
    .min(1, "Write your response")
    .max(RESPONSE_MAX, `Your response must be at most ${RESPONSE_MAX.toLocaleString("en-US")} characters`)
    .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), "Your response contains characters that cannot be shown"),
});

export const organizerIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("deliver"), sequence: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("retry"), officialDeliveryId: idSchema() }),
]);

export function formatBytes(locale: Locale, bytes: number) {
  if (bytes < 1024) return `${formatNumber(locale, bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(locale, Math.round(bytes / 1024))} KB`;
  return `${formatNumber(locale, Math.round((bytes / (1024 * 1024)) * 10) / 10)} MB`;
}
