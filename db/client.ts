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
  return new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: preparing(sql) }) });
}

/** Above this many parameters a query is a bulk statement whose text varies with its size: not worth keeping. */
const PREPARE_MAX_PARAMETERS = 64;

/**
 * Kysely's postgres.js driver sends every query unprepared, so Postgres
 * parses and plans it on every call: on the sign path that planning was most
 * of the database's time (see docs/benchmarks.md). This lets postgres.js
 * prepare queries with parameters once per connection (it keys them by their
 * text and prepares again by itself after a schema change).
 */
function preparing(sql: postgres.Sql): postgres.Sql {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop !== "reserve") return Reflect.get(target, prop, receiver);
      return async () => {
        const reserved = await target.reserve();
        const send = reserved.unsafe;
        const unsafe: postgres.Sql["unsafe"] = (query, parameters = [], options = {}) =>
          send(query, parameters, { prepare: parameters.length <= PREPARE_MAX_PARAMETERS, ...options });
        return Object.assign(reserved, { unsafe });
      };
    },
  });
}
