import { createDb } from "../db/client";
import type { DB } from "../db/types";
import { env } from "./env.server";

import type { Executor } from "../db/types";
import type { Locale } from "./i18n/core";
import type { PacketManifest } from "./delivery/packet-format";
export type { DB, Executor } from "../db/types";

// The columns whose values the app defines, narrowed for db/ (which imports nothing of the app).
declare module "../db/types" {
  interface AppColumnTypes {
    locale: Locale;
    packetManifest: PacketManifest;
  }
}

/** The primary: every write and every read that must see its own writes. */
// One copy of the app per process (the server loads it through the build), so plain module state is shared by all.
let primary: DB | undefined;
let replica: DB | undefined;

export function getDb(): DB {
  if (primary) return primary;
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides one.");
  return (primary = createDb(url, { max: 10, name: "undersigned-web" }));
}

/**
 * Public pages and counts may be served from a streaming replica
 * (`DATABASE_READ_URL`); without one they read the primary.
 */
export function getReadDb(): DB {
  const url = env().DATABASE_READ_URL;
  if (!url) return getDb();
  return (replica ??= createDb(url, { max: 10, name: "undersigned-read" }));
}

export async function closeDbs() {
  const open = [primary, replica];
  primary = replica = undefined;
  for (const db of open) await db?.destroy();
}

/** Runs `fn` in the caller's transaction, or in a new one. */
export async function inTransaction<T>(db: Executor, fn: (trx: Executor) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return (db as DB).transaction().execute(fn);
}

// postgres.js's own codes for a connection that failed or went away, and
// the network's; SQLSTATE class 08 and 57P01-57P03 are Postgres saying the
// same (connection failure, shutting down, starting up).
const CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "57P01",
  "57P02",
  "57P03",
]);

/** Whether `e` says the database could not be reached (rather than that a query was wrong). */
export function isDatabaseUnavailable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08"));
}

/** Whether `e` is Postgres refusing a duplicate under the named unique constraint or index. */
export function isUniqueViolation(e: unknown, constraint: string): boolean {
  const err = e as { code?: string; constraint_name?: string } | null;
  return err?.code === "23505" && err.constraint_name === constraint;
}
