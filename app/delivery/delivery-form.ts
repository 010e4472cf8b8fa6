// How the delivery pages' forms are sized and how they show sizes: client-safe,
// no zod (the schemas are in delivery-input.server.ts, read by actions only).
import { formatNumber, type Locale } from "~/i18n/core";

export const RESPONSE_MAX = 5_000;

export function formatBytes(locale: Locale, bytes: number) {
  if (bytes < 1024) return `${formatNumber(locale, bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(locale, Math.round(bytes / 1024))} KB`;
  return `${formatNumber(locale, Math.round((bytes / (1024 * 1024)) * 10) / 10)} MB`;
}
