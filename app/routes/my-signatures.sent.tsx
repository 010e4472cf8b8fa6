import type { MetaFunction } from "@remix-run/node";
import "~/i18n/campaign-messages";
import { metaTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import { MY_SIGNATURES_LINK_TTL_MINUTES } from "~/signing/my-signatures";

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "mine.sent.title")];

// Every address gets this page: it never says whether one signed anything.
export default function MySignaturesSent() {
  const t = useT();
  return (
    <section className="panel narrow" aria-live="polite">
      <h1>{t("mine.sent.title")}</h1>
      <p>{t("mine.sent.body", { minutes: MY_SIGNATURES_LINK_TTL_MINUTES })}</p>
      <p className="muted">{t("mine.sent.spam")}</p>
    </section>
  );
}
