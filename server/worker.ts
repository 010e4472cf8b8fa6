// `npm run worker`: the outbox worker and scheduled jobs without a web server.
import { checkDatabase, fail, installCrashGuard, loadEnvOrExit } from "./boot";
import { startBackground } from "./background";

installCrashGuard();
const env = loadEnvOrExit();
if (!env.DATABASE_URL) fail("DATABASE_URL is required for `npm run worker`");
if (!env.SMTP_URL) fail("SMTP_URL is required for `npm run worker`");
await checkDatabase(env.DATABASE_URL);
const background = await startBackground(env, { worker: true });
console.log("undersigned: outbox worker running");
const stop = async () => {
  await background.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
