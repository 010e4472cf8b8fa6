import type { LinksFunction, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
} from "@remix-run/react";
import type { ReactNode } from "react";
import stylesHref from "./styles.css";
import { useNonce } from "./utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Undersigned — community statements" },
  { name: "description", content: "Sign community statements and deliver them to your officials, verifiably." },
];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="wrap">
            <Link to="/" className="brand">
              <span aria-hidden="true" className="brand-mark">
                ✓
              </span>{" "}
              Undersigned
            </Link>
            <nav aria-label="Main">
              <Link to="/">Statements</Link>
              <Link to="/organize">Organize</Link>
            </nav>
          </div>
        </header>
        <main id="main" className="wrap" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="wrap">
            <p>
              Undersigned is open-source software for community statements. Signatures count only once their email
              address is verified; email addresses never leave the platform.
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
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const title =
      error.status === 404
        ? "We couldn't find that page"
        : error.status === 503
          ? "We're having trouble reaching our database"
          : error.status === 413
            ? "That was too much to send"
            : "Something went wrong";
    const detail =
      typeof error.data === "string" && error.data
        ? error.data
        : error.status === 404
          ? "The link may be mistyped, expired, or already used."
          : error.status === 503
            ? "Nothing you sent was lost. Please try again in a minute."
            : "Please try again.";
    return (
      <section className="panel error-page">
        <h1>{title}</h1>
        <p>{detail}</p>
        <p>
          <Link to="/">Back to statements</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="panel error-page">
      <h1>Something went wrong on our side</h1>
      <p>Nothing you sent was lost. Please try again in a minute.</p>
      <p>
        <Link to="/">Back to statements</Link>
      </p>
    </section>
  );
}
