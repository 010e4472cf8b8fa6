// Formatting numbers, dates and messages per locale. Client-safe, no catalogs.
import type { Messages } from "./catalog";

export const LOCALES = ["en", "es"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
export type Vars = Record<string, string | number>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

const LOCALE_TAGS: Record<Locale, string> = { en: "en-US", es: "es-US" };
// toLocaleString builds a new Intl formatter on every call, which was a fifth
// of the CPU of rendering a statement page: keep one per locale and style.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>();
function formatter<F extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>(key: string, make: () => F): F {
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

/** The plural form ("one", "other", …) `n` takes in `locale`. */
export function pluralCategory(locale: Locale, n: number): Intl.LDMLPluralRule {
  return formatter(`p:${locale}`, () => new Intl.PluralRules(LOCALE_TAGS[locale])).select(n);
}

const PLURAL = /\{(\w+), plural,/g;

/** A template cut at its plurals: literal text, and for each plural its variable and forms. */
type Part = string | { name: string; forms: Record<string, string> };

function parsePlurals(template: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  for (;;) {
    PLURAL.lastIndex = i;
    const m = PLURAL.exec(template);
    if (!m) {
      parts.push(template.slice(i));
      return parts;
    }
    parts.push(template.slice(i, m.index));
    let j = m.index + m[0].length;
    const forms: Record<string, string> = {};
    for (;;) {
      while (template[j] === " ") j++;
      if (template[j] === "}" || j >= template.length) break;
      const selector = /^[=\w]+/.exec(template.slice(j))?.[0];
      if (!selector) throw new Error(`Malformed plural in message: ${template}`);
      j += selector.length;
      while (template[j] === " ") j++;
      if (template[j] !== "{") throw new Error(`Malformed plural in message: ${template}`);
      const start = j + 1;
      for (let depth = 0; j < template.length; j++) {
        if (template[j] === "{") depth++;
        else if (template[j] === "}" && --depth === 0) break;
      }
      forms[selector] = template.slice(start, j);
      j++;
    }
    parts.push({ name: m[1], forms });
    i = j + 1;
  }
}

// Catalog templates are few and fixed: each is parsed once, not on every
// call (a statement page expands a dozen plurals per view).
const parsed = new Map<string, Part[]>();

/**
 * Expands `{count, plural, =0 {…} one {# …} other {# …}}`: an exact `=n`
 * form first, else the locale's plural category, else `other`; `#` is the
 * number, formatted for the locale. Forms may hold `{name}` placeholders.
 */
function expandPlurals(locale: Locale, template: string, vars: Vars | undefined): string {
  let parts = parsed.get(template);
  if (!parts) {
    parts = parsePlurals(template);
    if (parsed.size < 2000) parsed.set(template, parts);
  }
  let out = "";
  for (const part of parts) {
    if (typeof part === "string") {
      out += part;
      continue;
    }
    const n = Number(vars?.[part.name] ?? NaN);
    const form = part.forms[`=${n}`] ?? part.forms[pluralCategory(locale, n)] ?? part.forms.other ?? "";
    out += form.includes("#") ? form.replace(/#/g, formatNumber(locale, n)) : form;
  }
  return out;
}

/** A message with its plurals chosen and `{name}` placeholders filled (numbers formatted for the locale). */
export function formatMessage(locale: Locale, template: string, vars?: Vars): string {
  if (!vars) return template;
  const expanded = template.includes(", plural,") ? expandPlurals(locale, template, vars) : template;
  return expanded.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) return whole;
    return typeof v === "number" ? formatNumber(locale, v) : v;
  });
}

export type Merged = Record<Locale, Record<string, string>>;

/** One lookup table per locale from several catalog files. */
export function mergeCatalogs(catalogs: Partial<Record<Locale, readonly Partial<Messages>[]>>): Merged {
  const merged: Merged = { en: {}, es: {} };
  for (const locale of LOCALES) for (const c of catalogs[locale] ?? []) Object.assign(merged[locale], c);
  return merged;
}

/** Looks `key` up in `locale`, falling back to English, then to the key itself. */
export function lookup(merged: Merged, locale: Locale, key: string, vars?: Vars): string {
  return formatMessage(locale, merged[locale][key] ?? merged.en[key] ?? key, vars);
}
