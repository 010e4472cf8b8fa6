import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import type { Sql, TransactionSql } from "postgres";

/**
 * The two postgres.js clients the dialect runs on: `queries` for everything
 * outside a transaction, `transactions` for `sql.begin`. They are separate
 * because the query client runs one query at a time per connection
 * (`max_pipeline: 1`, see db/client.ts), and postgres.js 3.4.9 then fails a
 * `begin` that lands behind another query with UNSAFE_TRANSACTION.
 */
export interface PostgresJSClients {
  queries: Sql;
  transactions: Sql;
}

/**
 * Kysely over postgres.js, with transactions run by `sql.begin` and every
 * other query by the pool.
 *
 * kysely-postgres-js runs each Kysely connection on `sql.reserve()`. When
 * the database goes away, postgres.js 3.4 puts a reserved connection whose
 * socket is gone back into its pool, and a query on it throws from a socket
 * callback and never settles: transactions, and the requests waiting on
 * them, hung for good while the database was down (test/dependencies.test.ts).
 * `sql.begin` rejects when its connection closes, and pool queries only
 * ever go to live connections.
 */
export class PostgresJSDialect implements Dialect {
  constructor(private readonly sql: PostgresJSClients) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PostgresJSDriver(this.sql);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PostgresJSDriver implements Driver {
  constructor(private readonly sql: PostgresJSClients) {}
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new PostgresJSConnection(this.sql);
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    await (connection as PostgresJSConnection).begin(settings);
  }
  async commitTransaction(connection: DatabaseConnection) {
    await (connection as PostgresJSConnection).end("commit");
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    await (connection as PostgresJSConnection).end("rollback");
  }
  async releaseConnection() {}
  async destroy() {
    await Promise.all([this.sql.queries.end(), this.sql.transactions.end()]);
  }
}

/**
 * Queries with parameters are prepared once per connection (postgres.js keys
 * them by text and prepares again by itself after a schema change): unprepared,
 * Postgres parsed and planned every statement of a signing surge again, most of
 * its time on that path (docs/benchmarks.md). Above this many parameters a
 * query is a bulk statement whose text varies with its size: not worth keeping.
 */
const PREPARE_MAX_PARAMETERS = 64;

function send(target: Sql | TransactionSql, query: CompiledQuery) {
  const n = query.parameters.length;
  return target.unsafe(query.sql, [...query.parameters] as Parameters<Sql["unsafe"]>[1], { prepare: n > 0 && n <= PREPARE_MAX_PARAMETERS });
}

/** Thrown into the transaction's callback to make postgres.js roll it back. */
const ROLLBACK = Symbol("rollback");

class PostgresJSConnection implements DatabaseConnection {
  #tx: TransactionSql | null = null;
  #finish: { commit: () => void; rollback: () => void } | null = null;
  #done: Promise<void> | null = null;
  /** Rejects once the transaction ended on its own: its connection closed. */
  #failed: Promise<never> | null = null;
  /** Why it ended on its own. Nothing more may be sent on it: postgres.js would write to a socket that is gone. */
  #lost: unknown = null;
  /**
   * Queries in flight on the transaction, failed together if its connection
   * closes. A set rather than Promise.race against one long-lived promise: each
   * race would keep its query's rows reachable until the transaction ends, so a
   * cursor read in pages would hold every page (a packet of a million rows).
   */
  #inFlight = new Set<(e: unknown) => void>();

  constructor(private readonly sql: PostgresJSClients) {}

  begin({ isolationLevel, accessMode }: TransactionSettings): Promise<void> {
    const options = [isolationLevel ? `isolation level ${isolationLevel}` : "", accessMode ?? ""].join(" ").trim();
    return new Promise<void>((started, failedToStart) => {
      let running = false;
      const done = this.sql.transactions
        .begin(options, (tx) => {
          this.#tx = tx;
          running = true;
          started();
          return new Promise<void>((commit, rollback) => (this.#finish = { commit, rollback: () => rollback(ROLLBACK) }));
        })
        .then(() => undefined);
      this.#done = done;
      this.#failed = done.then(
        () => new Promise<never>(() => {}),
        (e) => {
          if (!running) failedToStart(e);
          // Still ours to finish, yet over: postgres.js gave up on its connection.
          else if (this.#done === done) this.#lost = e;
          for (const fail of this.#inFlight) fail(e);
          this.#inFlight.clear();
          return Promise.reject(e);
        },
      );
      // Nobody is waiting on it when the transaction simply commits or rolls back.
      this.#failed.catch(() => {});
    });
  }

  async end(how: "commit" | "rollback") {
    const done = this.#done;
    const finish = this.#finish;
    const lost = this.#lost;
    this.#tx = this.#finish = this.#done = this.#failed = this.#lost = null;
    if (!done || !finish) return;
    if (lost) {
      // Left unsettled: settling it would make postgres.js send COMMIT or
      // ROLLBACK down the dead connection. The server rolled it back already.
      if (how === "commit") throw lost;
      return;
    }
    finish[how]();
    try {
      await done;
    } catch (e) {
      // A rollback is asked for after something already went wrong: that error is the one to report.
      if (how === "commit") throw e;
    }
  }

  #target(): Sql | TransactionSql {
    return this.#tx ?? this.sql.queries;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#lost) throw this.#lost;
    const query = send(this.#target(), compiledQuery);
    // A query sent after the transaction's connection closed would never settle.
    const result = this.#tx
      ? await new Promise<Awaited<typeof query>>((resolve, reject) => {
          this.#inFlight.add(reject);
          query.then(resolve, reject).finally(() => this.#inFlight.delete(reject));
        })
      : await query;
    const { command, count } = result;
    return {
      numAffectedRows: ["INSERT", "UPDATE", "DELETE", "MERGE"].includes(command) ? BigInt(count) : undefined,
      rows: Array.from(result.values()) as R[],
    };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    if (this.#lost) throw this.#lost;
    const cursor = this.#target()
      .unsafe(compiledQuery.sql, [...compiledQuery.parameters] as Parameters<Sql["unsafe"]>[1])
      .cursor(chunkSize);
    for await (const rows of cursor) yield { rows: rows as R[] };
  }
}
