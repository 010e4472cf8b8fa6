import { sql } from "kysely";
import { getDb } from "~/db.server";

export async function loader() {
  const headers = { "Cache-Control": "no-store" };
  try {
    await sql`select 1`.execute(getDb());
    // The pid tells an operator (and the WEB_CONCURRENCY test) which web process answered.
    return Response.json({ status: "ok", database: "ok", pid: process.pid }, { headers });
  } catch {
    return Response.json({ status: "unavailable", database: "unreachable" }, { status: 503, headers });
  }
}
