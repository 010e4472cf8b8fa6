import { DEFAULT_LOCALE, isLocale, type Locale } from "./core";

export const LOCALE_COOKIE = "lang";

/** The reader's language: their explicit choice (cookie), else Accept-Language. */
export function negotiateLocale(request: Request): Locale {
  const cookie = request.headers.get("cookie") ?? "";
  const chosen = cookie.match(/(?:^|;\s*)lang=([a-z]{2})/)?.[1];
  if (isLocale(chosen)) return chosen;
  const header = request.headers.get("accept-language") ?? "";
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, q] = part.trim().split(";q=");
      return { lang: tag.toLowerCase().slice(0, 2), q: q ? Number(q) : 1 };
    })
    .filter((x) => !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) if (isLocale(lang)) return lang;
  return DEFAULT_LOCALE;
}
