import { DEFAULT_LOCALE, isLocale, translate, type Locale, type MessageKey } from "./core";

/** The reader's locale inside a route's `meta` function, where hooks cannot run. */
export function metaLocale(matches: readonly { id: string; data?: unknown }[]): Locale {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined)?.locale;
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

/** A translated `<title>` for a route's `meta`. */
export function metaTitle(matches: readonly { id: string; data?: unknown }[], key: MessageKey, vars?: Record<string, string | number>) {
  return { title: `${translate(metaLocale(matches), key, vars)} — Undersigned` };
}
