// Client-safe: the pages' message catalogs and the typed lookup. The emails'
// and the packet's words are server-only (email.server.ts); locale
// negotiation from a request lives in locale.server.ts.
//
// English is bundled with every page (the source of truth, and the fallback);
// the Spanish messages are a chunk the browser loads only for a Spanish
// reader, before hydrating (loadLocale in entry.client.tsx). The organizer's
// and the campaign's words reach the browser only with the pages that show
// them (organizer-messages.ts, campaign-messages.ts). The server has every language and area from the start.
import type { KeysOf } from "./catalog";
import { lookup, mergeCatalogs, type Locale, type Merged, type Vars } from "./format";
import { CAMPAIGN_EN, ORGANIZER_EN } from "./areas.server";
import type campaign from "./messages/campaign";
import common from "./messages/common";
import delivery from "./messages/delivery";
import type organizer from "./messages/organizer";
import signing from "./messages/signing";
import { SPANISH_UI } from "./spanish.server";

export { DEFAULT_LOCALE, formatDate, formatNumber, isLocale, LOCALES, pluralCategory, type Locale, type Vars } from "./format";
export type { Catalog } from "./catalog";

export const LOCALE_NAMES: Record<Locale, string> = { en: "English", es: "Español" };

// Each domain keeps its own catalog file (English here, Spanish in messages/es/); add it here.
const PUBLIC_EN = [common, signing, delivery] as const;

/** Every key of the pages' catalogs: `t("statment.count")` is a type error. */
export type MessageKey = KeysOf<(typeof PUBLIC_EN)[number] | typeof organizer | typeof campaign>;

// All undefined in the browser, where .server modules are empty.
const spanishOnServer: typeof SPANISH_UI | undefined = SPANISH_UI;
const areasOnServer: readonly Partial<Record<MessageKey, string>>[] | undefined = ORGANIZER_EN && CAMPAIGN_EN ? [ORGANIZER_EN, CAMPAIGN_EN] : undefined;
/** The pages' English catalogs (on the server: all of them). */
export const ENGLISH_UI: readonly Partial<Record<MessageKey, string>>[] = [...PUBLIC_EN, ...(areasOnServer ?? [])];
const merged = mergeCatalogs({ en: ENGLISH_UI, es: spanishOnServer ?? [] });
let spanishLoaded = spanishOnServer !== undefined;

/** Adds an area's messages to the lookup (organizer-messages.ts, campaign-messages.ts: in the browser). */
export function addMessages(locale: Locale, messages: Partial<Record<MessageKey, string>>) {
  Object.assign(merged[locale], messages);
}

/** Makes `locale`'s messages available in the browser; call before rendering in it. */
export async function loadLocale(locale: Locale): Promise<void> {
  if (locale !== "es" || spanishLoaded) return;
  const { SPANISH_UI: spanish } = await import("./messages/es");
  Object.assign(merged.es, ...spanish);
  spanishLoaded = true;
}

/** Every message of `locale`'s page catalogs (for tests that look for untranslated or raw keys). */
export function catalogOf(locale: Locale): Readonly<Record<string, string>> {
  return merged[locale];
}

/** Narrows a string known only at run time (a query parameter, say) to a key. */
export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.hasOwn(merged.en, value);
}

/**
 * A key that arrives as data (a notice in the query string, a domain error's
 * message): itself when the catalogs know it, else `fallback`, so a reader
 * never sees a raw key.
 */
export function checkedKey(value: string | null | undefined, fallback: MessageKey = "form.error.invalid"): MessageKey {
  return isMessageKey(value) ? value : fallback;
}

/** `translate` and `translator` over one set of merged catalogs keyed by `K`: the pages' here, the emails' in email.server.ts. */
export function translationsOf<K extends string>(catalogs: Merged) {
  const translate = (locale: Locale, key: K, vars?: Vars): string => lookup(catalogs, locale, key, vars);
  const translator = (locale: Locale) => (key: K, vars?: Vars) => translate(locale, key, vars);
  return { translate, translator };
}

const pages = translationsOf<MessageKey>(merged);
/** A message in `locale` (English when untranslated), plurals chosen and `{name}` placeholders filled. */
export const translate = pages.translate;
export type T = (key: MessageKey, vars?: Vars) => string;
export const translator: (locale: Locale) => T = pages.translator;
