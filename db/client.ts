import { Kysely } from "kysely";
import postgres from "postgres";
import { PostgresJSDialect } from "./postgres-dialect";
import type { Database } from "./types";

export interface DbOptions {
  /** Connections for queries outside transactions; transactions get up to half as many again, opened as needed. */
  max?: number;
  /** Application name shown in pg_stat_activity. */
  name?: string;
}

export function createDb(url: string, { max = 10, name = "undersigned" }: DbOptions = {}) {
  const client = (connections: number, pipeline: number) => {
    // `max_pipeline` is a postgres.js option its type definitions leave out.
    const options: postgres.Options<Record<string, postgres.PostgresType>> & { max_pipeline: number } = {
      max: connections,
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
      max_pipeline: pipeline,
    };
    return postgres(url, options);
  };
  return new Kysely<Database>({
    dialect: new PostgresJSDialect({
      // Queries outside a transaction: one at a time per connection.
      // postgres.js 3.4.9 pipelines prepared queries, and when the server ends
      // a connection with queries pipelined on it (a restart, a failover,
      // pg_terminate_backend) some never settle: requests hung for good
      // (db/client.test.ts). The connections still run side by side.
      queries: client(max, 1),
      // Transactions: postgres.js's own default. Its begin needs room to
      // pipeline (with 1 it refuses a begin queued behind another query), and
      // a transaction's queries fail together when its connection closes
      // (db/postgres-dialect.ts).
      transactions: client(Math.max(2, Math.ceil(max / 2)), 100),
    }),
  });
}
