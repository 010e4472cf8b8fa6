// `npm run db:migrate` and `npm run seed`, against DATABASE_URL.
import { createDb } from "./client";
import { migrateToLatest } from "./migrator";
import { fail, loadEnvOrExit, checkDatabase } from "../server/boot";

const command = process.argv[2];
const env = loadEnvOrExit();
if (!env.DATABASE_URL) fail("DATABASE_URL is required (npm start provides an embedded database by itself)");
await checkDatabase(env.DATABASE_URL);
const db = createDb(env.DATABASE_URL, { max: 2, name: "undersigned-cli" });
try {
  if (command === "migrate") {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
  } else if (command === "seed") {
    await migrateToLatest(db);
    const { seedDemo } = await import("./seed");
    const result = await seedDemo(db);
    console.log(result.created ? "demo data seeded" : "demo data already present");
  } else {
    fail(`unknown command ${command ?? ""}: use migrate or seed`);
  }
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
} finally {
  await db.destroy();
}
