import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SelectField, TextField } from "~/components/form";
import { ProgressBar } from "~/components/progress-bar";
import { formatDate, translate, type Locale, type MessageKey } from "~/i18n/core";
import { useLocale, useT } from "~/i18n/use-t";
import "~/i18n/campaign-messages";
import { DISCOVERY_SORTS, discoveryHref, SEARCH_MAX } from "~/statements/discovery";
import { readDiscovery } from "~/statements/discovery-query.server";
import { localized } from "~/statements/text";
import { findOpenStatements, listJurisdictionsWithOpenStatements } from "~/statements/discovery.server";

export const links: LinksFunction = () => [
  { rel: "alternate", type: "application/atom+xml", href: "/statements.atom", title: "Undersigned — new statements" },
];

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined)?.locale ?? "en";
  return [{ title: translate(locale, "home.title") }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const search = readDiscovery(new URL(request.url).searchParams);
  const [statements, places] = await Promise.all([findOpenStatements(search), listJurisdictionsWithOpenStatements()]);
  return { search, statements, places };
}

export default function Index() {
  const { search, statements, places } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const filtered = Boolean(search.q || search.jurisdiction);
  const place = places.find((p) => p.slug === search.jurisdiction)?.name;
  return (
    <>
      <section className="panel hero">
        <h1>{t("home.heading")}</h1>
        <p>{t("home.intro")}</p>
        <p className="button-row">
          <Link className="button secondary" to="/organize">
            {t("home.start")}
          </Link>
          <a href="/statements.atom" className="feed-link">
            {t("home.feed")}
          </a>
        </p>
      </section>

      <h2 id="statements-heading">{t("home.openStatements")}</h2>
      <Form method="get" action="/" className="panel discovery-search" role="search" aria-label={t("home.search.legend")}>
        <input type="hidden" name="sort" value={search.sort} />
        <TextField name="q" type="search" label={t("home.search.q")} defaultValue={search.q} maxLength={SEARCH_MAX} />
        <SelectField
          name="jurisdiction"
          label={t("home.search.jurisdiction")}
          placeholder={t("home.search.anyPlace")}
          options={places.map((p) => ({ id: p.slug, name: p.name }))}
          defaultValue={search.jurisdiction}
        />
        <div className="button-row search-actions">
          <button type="submit">{t("home.search.submit")}</button>
          {filtered ? <Link to={discoveryHref({ sort: search.sort })}>{t("home.search.clear")}</Link> : null}
        </div>
      </Form>

      <nav aria-label={t("home.sort.label")} className="sort-tabs">
        <ul>
          {DISCOVERY_SORTS.map((sort) => (
            <li key={sort}>
              <Link
                to={discoveryHref({ ...search, sort })}
                aria-current={search.sort === sort ? "page" : undefined}
                preventScrollReset
              >
                {t(`home.sort.${sort}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <p className="muted results-summary">
        {t("home.results", { count: statements.length })}
        {search.q ? ` ${t("home.results.matching", { q: search.q })}` : ""}
        {place ? ` ${t("home.results.in", { place })}` : ""}
      </p>

      {statements.length === 0 ? (
        <EmptyState filtered={filtered} sort={search.sort} />
      ) : (
        <ul className="card-list statement-cards" aria-labelledby="statements-heading">
          {statements.map((s) => (
            <li key={s.id}>
              <h3>
                <Link to={`/statements/${s.slug}`}>{localized(locale, s.title, s.title_es)}</Link>
              </h3>
              <p className="muted small">
                {s.jurisdiction}
                {s.deadline ? ` · ${t("home.card.closes", { date: formatDate(locale, s.deadline) })}` : ""}
              </p>
              <p>{localized(locale, s.summary, s.summary_es)}</p>
              <ProgressBar count={s.verified} goal={s.goal} />
              <p className="small">{t("home.card.progress", { count: s.verified, goal: s.goal })}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

// What an empty list says: a search that found nothing, nothing closing soon, or nothing open at all.
type Empty = { heading: MessageKey; hint?: MessageKey; to: string; link: MessageKey };
const EMPTY_STATES = {
  search: { heading: "home.empty.search", hint: "home.empty.searchHint", to: "/", link: "home.empty.all" },
  closing: { heading: "home.empty.closing", to: "/", link: "home.empty.closingHint" },
  none: { heading: "home.empty.none", to: "/organize", link: "home.empty.noneHint" },
} satisfies Record<string, Empty>;

function EmptyState({ filtered, sort }: { filtered: boolean; sort: string }) {
  const t = useT();
  const empty: Empty = EMPTY_STATES[filtered ? "search" : sort === "closing" ? "closing" : "none"];
  return (
    <div className="panel empty-state">
      <p>
        <strong>{t(empty.heading)}</strong>
      </p>
      {empty.hint ? <p>{t(empty.hint)}</p> : null}
      <p>
        <Link to={empty.to}>{t(empty.link)}</Link>
      </p>
    </div>
  );
}
