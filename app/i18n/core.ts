// Client-safe: the message catalogs and the lookup. Locale negotiation from a
// request lives in locale.server.ts.
import campaign from "./messages/campaign";
import common from "./messages/common";
import signing from "./messages/signing";
import organizer from "./messages/organizer";
import delivery from "./messages/delivery";

export const LOCALES = ["en", "es"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", es: "Español" };

export type Catalog = { en: Record<string, string>; es: Partial<Record<string, string>> };

// Each domain keeps its own catalog file; add it here.
const catalogs: Catalog[] = [common, signing, organizer, campaign, delivery];

const merged: Record<Locale, Record<string, string>> = { en: {}, es: {} };
for (const c of catalogs) {
  Object.assign(merged.en, c.en);
  Object.assign(merged.es, c.es);
}

/** Every message of `locale`'s catalogs (for tests that look for untranslated or raw keys). */
export function catalogOf(locale: Locale): Readonly<Record<string, string>> {
  return merged[locale];
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * Looks a message up in `locale`, falling back to English, then to the key.
 * `{name}` placeholders are replaced from `vars`.
 */
export function translate(locale: Locale, key: string, vars?: Record<string, string | number>): string {
  const template = merged[locale][key] ?? merged.en[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name) => {
    const v = vars[name];
    if (v === undefined) return m;
    return typeof v === "number" ? formatNumber(locale, v) : v;
  });
}

export type T = (key: string, vars?: Record<string, string | number>) => string;
export const translator =
  (locale: Locale): T =>
  (key, vars) =>
    translate(locale, key, vars);

const LOCALE_TAGS: Record<Locale, string> = { en: "en-US", es: "es-US" };
// toLocaleString builds a new Intl formatter on every call, which was a fifth
// of the CPU of rendering a statement page: keep one per locale and style.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function formatter<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) formatters.set(key, (f = make()));
  return f;
}

export function formatNumber(locale: Locale, n: number) {
  return formatter(`n:${locale}`, () => new Intl.NumberFormat(LOCALE_TAGS[locale])).format(n);
}
export function formatDate(locale: Locale, d: Date | string, withTime = false) {
  const date = typeof d === "string" ? new Date(d) : d;
  const make = () =>
    new Intl.DateTimeFormat(LOCALE_TAGS[locale], { dateStyle: "long", ...(withTime ? { timeStyle: "short" } : {}), timeZone: "UTC" });
  return formatter(`d:${locale}:${withTime}`, make).format(date);
}
