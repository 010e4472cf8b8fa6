// `npm run db:migrate` and `npm run seed`, against DATABASE_URL. Migrations
// need nothing of the app; the seed publishes its statement through the app's
// build (`npm run seed` builds first).
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { checkDatabase, fail, loadAppOrExit, loadEnvOrExit } from "../server/boot";
import { seedDemo } from "../server/seed";

const command = process.argv[2];
if (command !== "migrate" && command !== "seed") fail(`unknown command ${command ?? ""}: use migrate or seed`);
const { app } = await loadAppOrExit();
const env = loadEnvOrExit(app);
if (!env.DATABASE_URL) fail("DATABASE_URL is required (npm start provides an embedded database by itself)");
await checkDatabase(app, env.DATABASE_URL);
const db = createDb(env.DATABASE_URL, { max: 2, name: "undersigned-cli" });
try {
  const applied = await migrateToLatest(db);
  if (command === "migrate") {
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
  } else {
    const result = await seedDemo(db, app);
    console.log(result.created ? "demo data seeded" : "demo data already present");
  }
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
} finally {
  await db.destroy();
}
