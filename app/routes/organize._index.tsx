import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/models/auth.server";
import { progressPercent, STATE_LABELS } from "~/models/statement";
import { listOrganizerStatements } from "~/models/statement.server";

export const meta: MetaFunction = () => [{ title: "My statements — Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { statements: await listOrganizerStatements({ userId: user.id }), isAdmin: user.isAdmin, email: user.email };
}

export default function MyStatements() {
  const { statements, isAdmin, email } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="button-row" style={{ justifyContent: "space-between" }}>
        <h1>My statements</h1>
        <Link className="button" to="/organize/new">
          Start a statement
        </Link>
      </div>
      <p className="muted small">Signed in as {email}.</p>
      {isAdmin ? (
        <nav aria-label="Platform admin" className="notice">
          Platform admin: <Link to="/admin/officials">officials directory</Link> ·{" "}
          <Link to="/admin/moderation">statements waiting for review</Link>
        </nav>
      ) : null}
      {statements.length === 0 ? (
        <section className="panel">
          <h2>You have no statements yet</h2>
          <p>
            Start from a template such as the hate-free community pledge, choose the officials it goes to, and publish it when
            it reads right. Nobody sees a draft but you and the co-organizers you invite.
          </p>
          <p>
            <Link className="button" to="/organize/new">
              Start your first statement
            </Link>
          </p>
        </section>
      ) : (
        <ul className="card-list">
          {statements.map((s) => (
            <li key={s.id}>
              <h2 className="small" style={{ margin: 0, fontSize: "1.1rem" }}>
                <Link to={`/organize/statements/${s.id}`}>{s.title || "Untitled statement"}</Link>
              </h2>
              <p className="muted small">
                {s.jurisdiction} · <span className={`badge ${s.state}`}>{STATE_LABELS[s.state]}</span>
                {s.role === "co_organizer" ? " · co-organizer" : null}
              </p>
              <div className="progress" aria-hidden="true">
                <div className="progress-bar">
                  <span style={{ width: `${progressPercent(s.verified ?? 0, s.goal)}%` }} />
                </div>
              </div>
              <p className="small">
                <strong>{(s.verified ?? 0).toLocaleString("en-US")}</strong> verified of a {s.goal.toLocaleString("en-US")} goal
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
