import { AsyncLocalStorage } from "node:async_hooks";
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
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
  return new Db({ dialect: new PoolDialect(sql) });
}

// Why not kysely-postgres-js: it reserves a whole connection for every
// single query and sends every query unprepared. Under a surge that meant
// Postgres parsing and planning each statement again (most of its time on
// the sign path) and no pipelining of queries on a connection. Here a query
// outside a transaction goes to the pool (postgres.js pipelines it), a
// transaction reserves one connection, and queries with parameters are
// prepared once per connection. Measurements in docs/benchmarks.md.

/** Above this many parameters a query is a bulk statement whose text varies with its size: not worth keeping prepared. */
const PREPARE_MAX_PARAMETERS = 64;

type Target = postgres.Sql | postgres.ReservedSql;
type Parameters = postgres.ParameterOrJSON<never>[];

async function run<R>(target: Target, query: CompiledQuery): Promise<QueryResult<R>> {
  const n = query.parameters.length;
  // postgres.js prepares by its text and prepares again by itself after a schema change.
  const result = await target.unsafe(query.sql, query.parameters as Parameters, { prepare: n > 0 && n <= PREPARE_MAX_PARAMETERS });
  const changes = result.command === "INSERT" || result.command === "UPDATE" || result.command === "DELETE" || result.command === "MERGE";
  return { numAffectedRows: changes ? BigInt(result.count) : undefined, rows: Array.from(result.values()) as R[] };
}

class PoolConnection implements DatabaseConnection {
  reserved: postgres.ReservedSql | null = null;
  constructor(private readonly sql: postgres.Sql) {}
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return run<R>(this.reserved ?? this.sql, query);
  }
  async *streamQuery<R>(query: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const target = this.reserved ?? (await this.sql.reserve());
    try {
      for await (const rows of target.unsafe(query.sql, query.parameters as Parameters).cursor(chunkSize)) yield { rows: rows as unknown as R[] };
    } finally {
      if (target !== this.reserved) (target as postgres.ReservedSql).release();
    }
  }
}

/** Set while `db.connection().execute(...)` runs: its queries must share one connection. */
const oneConnection = new AsyncLocalStorage<true>();

class PoolDriver implements Driver {
  constructor(private readonly sql: postgres.Sql) {}
  async init() {}
  async acquireConnection() {
    const connection = new PoolConnection(this.sql);
    if (oneConnection.getStore()) connection.reserved = await this.sql.reserve();
    return connection;
  }
  async beginTransaction(connection: PoolConnection, settings: TransactionSettings) {
    connection.reserved ??= await this.sql.reserve();
    let begin = "begin";
    if (settings.isolationLevel) begin += ` isolation level ${settings.isolationLevel}`;
    if (settings.accessMode) begin += ` ${settings.accessMode}`;
    await connection.executeQuery(CompiledQuery.raw(begin));
  }
  async commitTransaction(connection: PoolConnection) {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }
  async rollbackTransaction(connection: PoolConnection) {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }
  async releaseConnection(connection: PoolConnection) {
    connection.reserved?.release();
    connection.reserved = null;
  }
  async destroy() {
    await this.sql.end();
  }
}

class PoolDialect implements Dialect {
  constructor(private readonly sql: postgres.Sql) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver() {
    return new PoolDriver(this.sql);
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

let inOneConnection = 0;

/** Kysely whose `connection()` keeps its promise of one connection for all its queries (Kysely's migrator relies on it). */
class Db extends Kysely<Database> {
  override connection() {
    const builder = super.connection();
    const execute = builder.execute.bind(builder);
    builder.execute = async (callback) => {
      inOneConnection++;
      try {
        return await oneConnection.run(true, () => execute(callback));
      } finally {
        // While enabled, async context tracking taxes every promise of the process.
        if (--inOneConnection === 0) oneConnection.disable();
      }
    };
    return builder;
  }
}
