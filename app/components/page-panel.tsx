import type { ReactNode } from "react";

/** A page that is one panel: its heading, an opening paragraph, then the rest (a form, a link on). */
export function PagePanel({ title, intro, narrow, children }: { title: ReactNode; intro?: ReactNode; narrow?: boolean; children?: ReactNode }) {
  return (
    <section className={narrow ? "panel narrow" : "panel"}>
      <h1>{title}</h1>
      {intro ? <p>{intro}</p> : null}
      {children}
    </section>
  );
}
