import type { MetaFunction } from "@remix-run/node";
import { metaTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "about.title")];

// Static on purpose: it is also the benchmark's baseline for a minimal Remix page.
export default function About() {
  const t = useT();
  return (
    <article className="panel prose">
      <h1>{t("about.title")}</h1>
      <h2>{t("about.residents")}</h2>
      <p>{t("about.residentsBody")}</p>
      <h2>{t("about.organizers")}</h2>
      <p>{t("about.organizersBody")}</p>
      <h2>{t("about.officials")}</h2>
      <p>{t("about.officialsBody")}</p>
      <a href="/privacy">{t("about.privacy")}</a>
    </article>
  );
}
