import { NavLink } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import "~/i18n/campaign-messages";

/** Links between a statement's organizer pages. */
export function OrganizeTabs({ statementId, slug, published }: { statementId: number; slug: string; published: boolean }) {
  const t = useT();
  const base = `/organize/statements/${statementId}`;
  return (
    <nav aria-label={t("organize.tabs")} className="organize-tabs">
      <ul>
        <li>
          <NavLink to={base} end>
            {t("organize.tabs.statement")}
          </NavLink>
        </li>
        <li>
          <NavLink to={`${base}/dashboard`}>{t("organize.tabs.dashboard")}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/updates`}>{t("organize.tabs.updates")}</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/delivery`}>{t("organize.tabs.delivery")}</NavLink>
        </li>
        {published ? (
          <li>
            <NavLink to={`/statements/${slug}`}>{t("organize.tabs.public")}</NavLink>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
