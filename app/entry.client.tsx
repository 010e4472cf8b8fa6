import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { DEFAULT_LOCALE, isLocale, loadLocale } from "~/i18n/core";

// The page's language (the server rendered <html lang>) must be loaded before
// hydrating, so the first client render matches the server's. Should the
// fetch fail, hydrate anyway: the page still works, in English.
const lang = document.documentElement.lang;
loadLocale(isLocale(lang) ? lang : DEFAULT_LOCALE)
  .catch(() => {})
  .finally(() => {
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <RemixBrowser />
        </StrictMode>,
      );
    });
  });
