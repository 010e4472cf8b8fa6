import { sql } from "kysely";
import { getDb } from "~/db.server";
import { outboxHealth } from "~/mail/outbox.server";

// 503 only when the database is down: mail waiting in the outbox is
// reported, but a relay being away does not make the app unavailable.
export async function loader() {
  const headers = { "Cache-Control": "no-store" };
  try {
    await sql`select 1`.execute(getDb());
  } catch {
    return Response.json({ status: "unavailable", database: "unreachable" }, { status: 503, headers });
  }
  const outbox = await outboxHealth().catch(() => null);
  // The pid tells an operator (and the WEB_CONCURRENCY test) which web process answered.
  return Response.json({ status: "ok", database: "ok", outbox, pid: process.pid }, { headers });
}
