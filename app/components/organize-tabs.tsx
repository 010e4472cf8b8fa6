import type { MetaFunction } from "@remix-run/node";
import { NavLink } from "@remix-run/react";
import { translate, type MessageKey } from "~/i18n/core";
import { metaLocale } from "~/i18n/meta";
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

/** The `<title>` of a statement's organizer page: the statement, the page (`page`, a heading's key), the site. */
export function organizeMeta(page: MessageKey): MetaFunction {
  return ({ data, matches }) => {
    const locale = metaLocale(matches);
    const title = (data as { statement?: { title?: string } } | undefined)?.statement?.title;
    return [{ title: `${title || translate(locale, "dashboard.untitled")} — ${translate(locale, page)} — Undersigned` }];
  };
}
