import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
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
  });
  return new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: sql }) });
}
