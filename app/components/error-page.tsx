import { isRouteErrorResponse, Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

const KNOWN = { 404: "404", 413: "413", 503: "503" } as const;

/** What a reader sees when a page fails: in their language, with a way back. */
export function ErrorPage({ error }: { error: unknown }) {
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = status in KNOWN ? KNOWN[status as keyof typeof KNOWN] : isRouteErrorResponse(error) ? "other" : "server";
  return (
    <section className="panel narrow error-page">
      <h1>{t(`error.${kind}.title`)}</h1>
      <p>{t(`error.${kind}.body`)}</p>
      <p>
        <Link to="/">{t("statement.backHome")}</Link>
      </p>
    </section>
  );
}
