import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import { startEmbeddedPostgres } from "../../server/embedded-postgres";

export const TEMPLATE_DATABASE = "undersigned_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/**
 * One real Postgres server for the whole run, with a template database
 * migrated by the production migrator; each test file clones it.
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "undersigned-test-pg-"));
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, "data"),
    // Test data is thrown away: durability costs time we need not spend.
    flags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300"],
  });
  const url = await pg.createDatabase(TEMPLATE_DATABASE);
  const db = createDb(url, { max: 1 });
  await migrateToLatest(db);
  await db.destroy();
  project.provide("pgAdminUrl", pg.adminUrl);
  project.provide("pgTemplate", TEMPLATE_DATABASE);
  return async () => {
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
