import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/bar-chart";
import { organizeMeta, OrganizeTabs } from "~/components/organize-tabs";
import { ProgressBar } from "~/components/progress-bar";
import { ScrollTable } from "~/components/table-scroll";
import { formatDate, formatNumber } from "~/i18n/core";
import { useLocale, useT } from "~/i18n/use-t";
import "~/i18n/campaign-messages";
import { requireStatementOrganizer } from "~/http/guards.server";
import { campaignStats } from "~/organizers/dashboard.server";
import { progressPercent } from "~/statements/lifecycle";

export const handle = { private: true };

export const meta = organizeMeta("dashboard.kicker");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { statement: s } = await requireStatementOrganizer(request, params.id);
  const stats = await campaignStats({ statementId: s.id });
  return {
    statement: { id: s.id, slug: s.slug, title: s.title, state: s.state, goal: s.goal, rejectionReason: s.rejection_reason },
    stats,
  };
}

export default function Dashboard() {
  const { statement, stats } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(locale, v);
  const published = !["draft", "in_review", "rejected"].includes(statement.state);
  const days = stats.perDay;
  const busiest = days.reduce((best, d) => (d.count > best.count ? d : best), days[0] ?? { day: "", count: 0 });
  const total = days.reduce((sum, d) => sum + d.count, 0);
  const wardMax = Math.max(1, ...stats.byWard.map((w) => w.count));
  const wardName = (w: (typeof stats.byWard)[number]) =>
    w.kind === "ward" ? w.name : w.kind === "outside" ? t("dashboard.outside") : t("dashboard.notGiven");
  const csvHref = `/organize/statements/${statement.id}/signatures.csv`;

  return (
    <div className="dashboard">
      <p className="kicker">{t("dashboard.kicker")}</p>
      <h1>{statement.title || t("dashboard.untitled")}</h1>
      <OrganizeTabs statementId={statement.id} slug={statement.slug} published={published} />

      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading">{t("dashboard.counts")}</h2>
        <dl className="stat-grid">
          <div className="stat primary">
            <dt>{t("dashboard.verified")}</dt>
            <dd>
              <span className="count-big">{n(stats.verified)}</span>
              <span className="small muted">{t("dashboard.ofGoal", { goal: statement.goal, percent: progressPercent(stats.verified, statement.goal) })}</span>
            </dd>
          </div>
          {(["pending", "suspicious", "withdrawn"] as const).map((count) => (
            <div key={count} className="stat">
              <dt>{t(`dashboard.${count}`)}</dt>
              <dd>
                <span className="count-big">{n(stats[count])}</span>
                {count === "suspicious" ? <span className="small muted">{t("dashboard.suspiciousWhy")}</span> : null}
              </dd>
            </div>
          ))}
        </dl>
        <ProgressBar count={stats.verified} goal={statement.goal} />
        <p className="button-row">
          <a className="button secondary" href={csvHref} download>
            {t("dashboard.csv")}
          </a>
          <span className="small muted">{t("dashboard.csvHint")}</span>
        </p>
      </section>

      <section aria-labelledby="moderation-heading" className="panel">
        <h2 id="moderation-heading">{t("dashboard.moderation")}</h2>
        <p>
          <span className={`badge ${statement.state}`}>{t(`campaign.state.${statement.state}`)}</span>{" "}
          {t(`dashboard.state.${statement.state}`)}
        </p>
        {statement.state === "rejected" && statement.rejectionReason ? (
          <p>{t("dashboard.rejectionReason", { reason: statement.rejectionReason })}</p>
        ) : null}
      </section>

      <section aria-labelledby="per-day-heading" className="panel">
        <h2 id="per-day-heading">{t("dashboard.perDay")}</h2>
        {days.length ? (
          <BarChart
            bars={days.map((d) => ({ label: formatDate(locale, d.day), value: d.count }))}
            title={t("dashboard.perDay")}
            description={t("dashboard.chartDesc", {
              first: formatDate(locale, days[0].day),
              last: formatDate(locale, days[days.length - 1].day),
              total,
              max: busiest.count,
              maxDay: formatDate(locale, busiest.day),
            })}
            tableSummary={t("dashboard.chartTable")}
            labelHeader={t("dashboard.day")}
            valueHeader={t("dashboard.verified")}
            formatValue={n}
          />
        ) : (
          <p className="muted">{t("dashboard.chartEmpty")}</p>
        )}
      </section>

      <section aria-labelledby="wards-heading" className="panel">
        <h2 id="wards-heading">{t("dashboard.byWard")}</h2>
        <ScrollTable
          label={t("dashboard.byWard")}
          className="ward-table"
          columns={[
            { label: t("dashboard.ward") },
            { label: t("dashboard.verified"), className: "num" },
            { label: t("dashboard.share"), className: "ward-bar-cell", hidden: true },
          ]}
        >
          {stats.byWard.map((w) => (
            <tr key={`${w.kind}-${w.name ?? ""}`}>
              <th scope="row">{wardName(w)}</th>
              <td className="num">{n(w.count)}</td>
              <td className="ward-bar-cell" aria-hidden="true">
                <span className="ward-bar" style={{ width: `${(w.count / wardMax) * 100}%` }} />
              </td>
            </tr>
          ))}
        </ScrollTable>
      </section>
    </div>
  );
}
