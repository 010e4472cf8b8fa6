// What the delivery pages' forms accept and how they show sizes: client-safe.
import { z } from "zod";
import { formatNumber, type Locale } from "~/i18n/core";
import { idSchema } from "~/utils/id-schema";

export const RESPONSE_MAX = 5_000;

export const respondSchema = z.object({
  response: z
    .string({ message: "official.error.responseRequired" })
    .trim()
    .min(1, "official.error.responseRequired")
    // The catalog's words say 5,000: RESPONSE_MAX and they change together.
    .max(RESPONSE_MAX, "official.error.responseTooLong")
    .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), "official.error.responseCharacters"),
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
