import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { seedDemo } from "../server/seed";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../server/embedded-postgres";
import { useApp } from "./support/app";
import { startReplica, waitForReplay } from "./support/replica";

describe("DATABASE_READ_URL: public reads from a streaming replica", () => {
  let dir: string;
  let primary: EmbeddedDatabase;
  let replica: EmbeddedDatabase;
  let primaryUrl: string;
  let replicaUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "undersigned-replica-"));
    primary = await startEmbeddedPostgres({ dataDir: path.join(dir, "primary") });
    primaryUrl = await primary.createDatabase("app");
    const db = createDb(primaryUrl, { max: 1 });
    await migrateToLatest(db);
    await seedDemo(db);
    await db.destroy();
    replica = await startReplica({ primary, primaryDataDir: path.join(dir, "primary"), replicaDataDir: path.join(dir, "replica") });
    replicaUrl = replica.urlFor("app");
    await waitForReplay(primaryUrl, replicaUrl);
  });
  afterAll(async () => {
    await replica?.stop();
    await primary?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  // Registered after the databases' hooks: started once they are up, stopped before they go.
  const app = useApp({ env: () => ({ DATABASE_URL: primaryUrl, DATABASE_READ_URL: replicaUrl }) });

  it("is a real hot standby that refuses writes", async () => {
    const r = postgres(replicaUrl, { max: 1, onnotice: () => {} });
    try {
      expect((await r`select pg_is_in_recovery() as standby`)[0].standby).toBe(true);
      await expect(r`insert into jurisdictions (slug, name) values ('x', 'x')`).rejects.toThrow(/read-only/);
    } finally {
      await r.end();
    }
  });

  it("serves the public statement list from the replica", async () => {
    // Change the goal on the primary only after pausing replay: the page must
    // show the replica's (older) copy, proving where it reads from.
    const r = postgres(replicaUrl, { max: 1, onnotice: () => {} });
    const p = postgres(primaryUrl, { max: 1, onnotice: () => {} });
    try {
      await r`select pg_wal_replay_pause()`;
      await p`update statements set goal = 4321`;
      const paused = await (await app.fetch("/")).text();
      expect(paused).toContain("Millbrook is a hate-free community");
      expect(paused).toContain("of a 500 goal");
      expect(paused).not.toContain("4,321");
      await r`select pg_wal_replay_resume()`;
      await waitForReplay(primaryUrl, replicaUrl);
      expect(await (await app.fetch("/")).text()).toContain("4,321");
    } finally {
      await r.end();
      await p.end();
    }
  });
});
