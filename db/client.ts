import { Kysely } from "kysely";
import postgres from "postgres";
import { PostgresJSDialect } from "./postgres-dialect";
import type { Database } from "./types";

export interface DbOptions {
  /** Connections in this process's pool. */
  max?: number;
  /** Application name shown in pg_stat_activity. */
  name?: string;
}

export function createDb(url: string, { max = 10, name = "undersigned" }: DbOptions = {}) {
  const sql = postgres(url, {
    max,
    connection: { application_name: name },
    onnotice: () => {},
    // A dead connection is replaced on the next query instead of failing it
    // forever, so the app recovers by itself when Postgres comes back.
    idle_timeout: 60,
    connect_timeout: 5,
    // postgres.js waits up to 20 s between attempts to reach a database that
    // went away, holding every query meanwhile: requests hung instead of
    // answering 503, and recovery took as long. Try again within a second.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
  });
  return new Kysely<Database>({ dialect: new PostgresJSDialect(sql) });
}
