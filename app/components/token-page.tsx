import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/i18n/use-t";

/** The shell of a page reached by an emailed token link: a narrow panel with a heading. */
export function TokenPanel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel narrow">
      <h1>{title}</h1>
      {children}
    </section>
  );
}

/** A link back to the statement, when the token told us which one. */
export function BackToStatement({ slug }: { slug?: string | null }) {
  const t = useT();
  if (!slug) return null;
  return (
    <p>
      <Link to={`/statements/${slug}`}>{t("toStatement")}</Link>
    </p>
  );
}

/** The one-button form that acts on the token (opening the link alone does nothing). */
export function TokenButton({ token, className, children }: { token: string; className?: string; children: ReactNode }) {
  return (
    <Form method="post">
      <input type="hidden" name="token" value={token} />
      <button type="submit" className={className}>
        {children}
      </button>
    </Form>
  );
}
