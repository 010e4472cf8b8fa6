import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { env } from "~/env.server";
import { listDevMail } from "~/mail/dev-mailbox.server";

export const meta: MetaFunction = () => [{ title: "Dev mailbox — Undersigned" }];

export async function loader() {
  if (env().NODE_ENV === "production") throw new Response("Not found", { status: 404 });
  return { messages: await listDevMail({ limit: 100 }) };
}

// Links in captured mail become clickable so a newcomer can follow a verification link.
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <pre className="mail">
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

export default function DevMailbox() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Dev mailbox</h1>
      <p className="muted">
        Every email the app sends while <code>SMTP_URL</code> is unset is captured here by the in-process SMTP sink.
        This page does not exist in production.
      </p>
      {messages.length === 0 ? (
        <p className="panel">No mail yet. Sign a statement or sign in, and the email will appear here within a second.</p>
      ) : (
        <ul className="card-list">
          {messages.map((m) => (
            <li key={m.id}>
              <h2 className="small" style={{ margin: 0 }}>
                {m.subject}
              </h2>
              <p className="muted small">
                To {m.envelope_to} · {new Date(m.received_at).toLocaleString("en-US")}
                {m.attachments.length > 0 && ` · attachments: ${m.attachments.map((a) => a.filename).join(", ")}`}
              </p>
              <Linkified text={m.text_body} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
