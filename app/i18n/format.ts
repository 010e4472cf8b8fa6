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
// Pages show the same few dates over and over (a statement's deadline, its
// recent signers), sent as ISO strings: each is formatted once. Bounded,
// since the strings come from data.
const formattedDates = new Map<string, string>();

export function formatDate(locale: Locale, d: Date | string, withTime = false) {
  const key = typeof d === "string" ? `${locale}:${withTime}:${d}` : undefined;
  const known = key && formattedDates.get(key);
  if (known) return known;
  const date = typeof d === "string" ? new Date(d) : d;
  const make = () =>
    new Intl.DateTimeFormat(LOCALE_TAGS[locale], { dateStyle: "long", ...(withTime ? { timeStyle: "short" } : {}), timeZone: "UTC" });
  const formatted = formatter(`d:${locale}:${withTime}`, make).format(date);
  if (key) {
    if (formattedDates.size >= 2000) formattedDates.clear();
    formattedDates.set(key, formatted);
  }
  return formatted;
}

/** The plural form ("one", "other", …) `n` takes in `locale`. */
export function pluralCategory(locale: Locale, n: number): Intl.LDMLPluralRule {
  return formatter(`p:${locale}`, () => new Intl.PluralRules(LOCALE_TAGS[locale])).select(n);
}

const PLURAL = /\{(\w+), plural,/g;

/**
 * A message cut once into what each call fills in: literal text, `{name}`
 * placeholders, `#` (a plural's number) and plurals, each of whose forms is
 * cut the same way.
 */
type Piece = string | { name: string } | { number: true } | { plural: string; forms: Record<string, Piece[]> };

/** Literal text and `{name}` placeholders (and `#` inside a plural's form). */
function placeholders(text: string, inPlural: boolean): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(inPlural ? /\{(\w+)\}|#/g : /\{(\w+)\}/g)) {
    if (m.index > last) pieces.push(text.slice(last, m.index));
    pieces.push(m[1] === undefined ? { number: true } : { name: m[1] });
    last = m.index + m[0].length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  return pieces;
}

function parseMessage(template: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  for (;;) {
    PLURAL.lastIndex = i;
    const m = PLURAL.exec(template);
    if (!m) {
      pieces.push(...placeholders(template.slice(i), false));
      return pieces;
    }
    pieces.push(...placeholders(template.slice(i, m.index), false));
    let j = m.index + m[0].length;
    const forms: Record<string, Piece[]> = {};
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
      forms[selector] = placeholders(template.slice(start, j), true);
      j++;
    }
    pieces.push({ plural: m[1], forms });
    i = j + 1;
  }
}

// Catalog templates are few and fixed: each is cut once, not on every call
// (a statement page fills a few dozen messages per view). Bounded all the
// same, since a test or a caller may format a message made at run time.
const parsed = new Map<string, Piece[]>();

function fill(locale: Locale, pieces: Piece[], vars: Vars, n: number): string {
  let out = "";
  for (const piece of pieces) {
    if (typeof piece === "string") out += piece;
    else if ("name" in piece) {
      const v = vars[piece.name];
      out += v === undefined ? `{${piece.name}}` : typeof v === "number" ? formatNumber(locale, v) : v;
    } else if ("number" in piece) out += formatNumber(locale, n);
    else {
      // An exact `=n` form first, else the locale's plural category, else `other`.
      const count = Number(vars[piece.plural] ?? NaN);
      const form = piece.forms[`=${count}`] ?? piece.forms[pluralCategory(locale, count)] ?? piece.forms.other ?? [];
      out += fill(locale, form, vars, count);
    }
  }
  return out;
}

/**
 * A message with its plurals chosen and `{name}` placeholders filled (numbers
 * formatted for the locale). Plurals are `{count, plural, =0 {…} one {# …}
 * other {# …}}`: `#` is the number, and forms may hold `{name}` placeholders.
 */
export function formatMessage(locale: Locale, template: string, vars?: Vars): string {
  if (!vars) return template;
  let pieces = parsed.get(template);
  if (!pieces) {
    pieces = parseMessage(template);
    if (parsed.size < 5000) parsed.set(template, pieces);
  }
  return fill(locale, pieces, vars, NaN);
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
