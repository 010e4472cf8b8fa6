import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { WhoSeesWhat } from "~/components/sign-form";
import { env } from "~/env.server";
import "~/i18n/campaign-messages";
import { metaTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "privacy.title")];

// The retention period is this deployment's (RETENTION_MONTHS), so the page says what the job does.
export function loader() {
  return { months: env().RETENTION_MONTHS };
}

const KEPT = ["privacy.kept.name", "privacy.kept.email", "privacy.kept.ward", "privacy.kept.network", "privacy.kept.updates"] as const;
const RIGHTS = ["privacy.rights.change", "privacy.rights.withdraw", "privacy.rights.erase", "privacy.rights.export"] as const;

/** What is kept, why, for how long, who sees it (the same table as beside the sign form), and how to use each right. */
export default function Privacy() {
  const { months } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="panel prose">
      <h1>{t("privacy.title")}</h1>
      <p>{t("privacy.intro")}</p>
      <WhoSeesWhat heading="h2" />
      <h2>{t("privacy.kept")}</h2>
      <ul>
        {KEPT.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
      <h2>{t("privacy.howLong")}</h2>
      <p>{t("privacy.howLong.body", { months })}</p>
      <p>{t("privacy.officialsCopies")}</p>
      <h2>{t("privacy.rights")}</h2>
      <p>{t("privacy.rights.intro")}</p>
      <ul>
        {RIGHTS.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
      <p>
        <a href="/my-signatures">
          {t("privacy.rights.go")}
        </a>
      </p>
      <p>{t("privacy.rights.emails")}</p>
    </article>
  );
}
