import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listPublicStatements } from "~/models/statement.server";
import { progressPercent, STATE_LABELS } from "~/models/statement";

export const meta: MetaFunction = () => [{ title: "Undersigned — community statements" }];

export async function loader() {
  const statements = await listPublicStatements();
  return { statements };
}

export default function Index() {
  const { statements } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="panel">
        <h1>Stand together, on the record</h1>
        <p>
          Read statements from your community, sign the ones you believe in, and see them delivered to your mayor and
          city councilors as a verifiable packet. Your email address is never shown or shared, and you choose how your
          name appears.
        </p>
        <p>
          <Link className="button secondary" to="/organize">
            Start a statement
          </Link>
        </p>
      </section>
      <h2>Statements</h2>
      {statements.length === 0 ? (
        <p className="panel">No statements are open yet. Organizers can start one from the Organize page.</p>
      ) : (
        <ul className="card-list">
          {statements.map((s) => (
            <li key={s.id}>
              <h3>
                <Link to={`/statements/${s.slug}`}>{s.title}</Link>
              </h3>
              <p className="muted small">
                {s.jurisdiction} · <span className={`badge ${s.state}`}>{STATE_LABELS[s.state]}</span>
              </p>
              <p>{s.summary}</p>
              <div className="progress" aria-hidden="true">
                <div className="progress-bar">
                  <span style={{ width: `${progressPercent(s.verified ?? 0, s.goal)}%` }} />
                </div>
              </div>
              <p className="small">
                <strong>{(s.verified ?? 0).toLocaleString("en-US")}</strong> verified signatures of a{" "}
                {s.goal.toLocaleString("en-US")} goal
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
