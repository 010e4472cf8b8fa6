import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** A page that is one panel: its heading, an opening paragraph, the rest (a form, a choice), and a link on. */
export function PagePanel({
  title,
  intro,
  narrow,
  live,
  link,
  children,
}: {
  title: ReactNode;
  intro?: ReactNode;
  narrow?: boolean;
  /** Announce the panel politely to screen readers (a page that answers what was just sent). */
  live?: boolean;
  link?: { to: string; label: string };
  children?: ReactNode;
}) {
  return (
    <section className={narrow ? "panel narrow" : "panel"} aria-live={live ? "polite" : undefined}>
      <h1>{title}</h1>
      {intro ? <p>{intro}</p> : null}
      {children}
      {link ? (
        <p>
          <Link to={link.to}>{link.label}</Link>
        </p>
      ) : null}
    </section>
  );
}
