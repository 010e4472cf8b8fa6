import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, translator, type Locale } from "./core";

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  return data?.locale ?? DEFAULT_LOCALE;
}

export function useT() {
  return translator(useLocale());
}
