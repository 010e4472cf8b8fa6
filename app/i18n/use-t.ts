import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, LOCALES, translator, type Locale, type T } from "./core";

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  return data?.locale ?? DEFAULT_LOCALE;
}

// One translator per locale, not a new function for every component of every render.
const translators = Object.fromEntries(LOCALES.map((l) => [l, translator(l)])) as Record<Locale, T>;

export function useT(): T {
  return translators[useLocale()];
}
