import type { MetaFunction } from "@remix-run/node";
import { metaTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import "~/i18n/organizer-messages";
import { LOGIN_TOKEN_TTL_MINUTES } from "~/organizers/auth";

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "login.sent.title")];

export default function LoginSent() {
  const t = useT();
  return (
    <section className="panel narrow" aria-live="polite">
      <h1>{t("login.sent.title")}</h1>
      <p>{t("login.sent.body", { minutes: LOGIN_TOKEN_TTL_MINUTES })}</p>
      <p className="muted">{t("login.sent.spam")}</p>
    </section>
  );
}
