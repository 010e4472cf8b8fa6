import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import stylesHref from "./styles.css";
import { ErrorPage } from "./components/error-page";
import { useNonce } from "./utils/nonce";
import { LOCALE_NAMES, LOCALES, translate, type Locale } from "./i18n/core";
import { metaLocale } from "./i18n/meta";
import { negotiateLocale } from "./i18n/locale.server";
import { useT } from "./i18n/use-t";
import { getSessionUser } from "~/http/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = negotiateLocale(request);
  // A broken session lookup must not take the public pages down with it.
  const user = await getSessionUser(request).catch(() => null);
  return {
    locale,
    user: user ? { email: user.email, isAdmin: user.isAdmin } : null,
    csrf: user?.csrfToken ?? null,
  };
}

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ matches }) => [
  { title: translate(metaLocale(matches), "home.title") },
  { name: "description", content: translate(metaLocale(matches), "site.description") },
];

function LanguageSwitcher({ locale }: { locale: Locale }) {
  const location = useLocation();
  const t = useT();
  const back = location.pathname + location.search;
  return (
    <form method="post" action="/language" className="language-switcher">
      <input type="hidden" name="back" value={back} />
      <span className="visually-hidden">{t("language")}:</span>
      {LOCALES.filter((l) => l !== locale).map((l) => (
        <button key={l} type="submit" name="lang" value={l} className="link-button" lang={l}>
          {LOCALE_NAMES[l]}
        </button>
      ))}
    </form>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = data?.locale ?? "en";
  const t = useT();
  // Routes framed by other sites (the sign form's embed) set `handle.bare`.
  const bare = useMatches().some((m) => (m.handle as { bare?: boolean } | undefined)?.bare);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("skip")}
        </a>
        <header className="site-header" hidden={bare}>
          <div className="wrap">
            <Link to="/" className="brand">
              <span aria-hidden="true" className="brand-mark">
                ✓
              </span>{" "}
              Undersigned
            </Link>
            <nav aria-label={t("nav.main")}>
              <Link to="/">{t("nav.statements")}</Link>
              <Link to="/organize">{t("nav.organize")}</Link>
              {data?.user ? (
                <form method="post" action="/logout">
                  <input type="hidden" name="csrf" value={data.csrf ?? ""} />
                  <button type="submit" className="link-button">
                    {t("nav.signOut")}
                  </button>
                </form>
              ) : (
                <Link to="/login">{t("nav.signIn")}</Link>
              )}
              <LanguageSwitcher locale={locale} />
            </nav>
          </div>
        </header>
        <main id="main" className={bare ? "wrap bare" : "wrap"} tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer" hidden={bare}>
          <div className="wrap">
            <p>{t("footer")}</p>
            <p>
              <Link to="/privacy">{t("footer.privacy")}</Link>
            </p>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
