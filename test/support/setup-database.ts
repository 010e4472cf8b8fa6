import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";

// Every test file gets a fresh database cloned from the migrated template.
const adminUrl = inject("pgAdminUrl");
const template = inject("pgTemplate");
const name = `t_${process.pid}_${randomBytes(4).toString("hex")}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}" template "${template}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
process.env.NODE_ENV = "test";
process.env.ADMIN_EMAILS ??= "admin@example.org";

afterAll(async () => {
  const { closeDbs } = await import("../../app/db.server");
  await closeDbs();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});
