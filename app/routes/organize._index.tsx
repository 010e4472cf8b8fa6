import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ProgressBar } from "~/components/progress-bar";
import { metaTitle } from "~/i18n/meta";
import { formatNumber } from "~/i18n/core";
import { useLocale, useT } from "~/i18n/use-t";
import "~/i18n/organizer-messages";
import "~/i18n/campaign-messages";
import { listOrganizerStatements } from "~/statements/organizer-lists.server";
import { requireUser } from "~/http/guards.server";

export const handle = { private: true };

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "my.title")];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { statements: await listOrganizerStatements({ userId: user.id }), isAdmin: user.isAdmin, email: user.email };
}

export default function MyStatements() {
  const { statements, isAdmin, email } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <div className="page-heading">
        <h1>{t("my.title")}</h1>
        <Link className="button" to="/organize/new">
          {t("my.start")}
        </Link>
      </div>
      <p className="muted small">{t("my.signedInAs", { email })}</p>
      {isAdmin ? (
        <nav aria-label={t("my.admin")} className="notice">
          {t("my.admin")}: <Link to="/admin/officials">{t("my.admin.officials")}</Link> ·{" "}
          <Link to="/admin/moderation">{t("my.admin.moderation")}</Link>
        </nav>
      ) : null}
      {statements.length === 0 ? (
        <section className="panel">
          <h2>{t("my.none")}</h2>
          <p>{t("my.noneHint")}</p>
          <p>
            <Link className="button" to="/organize/new">
              {t("my.startFirst")}
            </Link>
          </p>
        </section>
      ) : (
        <ul className="card-list">
          {statements.map((s) => (
            <StatementCard key={s.id} statement={s} />
          ))}
        </ul>
      )}
    </>
  );
}

type OrganizerStatement = ReturnType<typeof useLoaderData<typeof loader>>["statements"][number];

/** One of the organizer's statements: its state, their role, and how far it is towards its goal. */
function StatementCard({ statement: s }: { statement: OrganizerStatement }) {
  const t = useT();
  const locale = useLocale();
  return (
    <li>
      <h2 className="card-title">
        <Link to={`/organize/statements/${s.id}`}>{s.title || t("dashboard.untitled")}</Link>
      </h2>
      <p className="muted small">
        {s.jurisdiction} · <span className={`badge ${s.state}`}>{t(`campaign.state.${s.state}`)}</span>
        {s.role === "co_organizer" ? ` · ${t("my.coOrganizer")}` : null}
      </p>
      <ProgressBar count={s.verified ?? 0} goal={s.goal} />
      <p className="small">
        <strong>{formatNumber(locale, s.verified ?? 0)}</strong> {t("my.progressOf", { goal: s.goal })}
      </p>
    </li>
  );
}
