// `npm run worker`: the outbox worker and scheduled jobs without a web server,
// the app loaded through the build as the web process does.
import { checkDatabase, fail, installCrashGuard, loadAppOrExit, loadEnvOrExit } from "./boot";
import { startBackground } from "./background";

installCrashGuard();
const { app } = await loadAppOrExit();
const env = loadEnvOrExit(app);
if (!env.DATABASE_URL) fail("DATABASE_URL is required for `npm run worker`");
if (!env.SMTP_URL) fail("SMTP_URL is required for `npm run worker`");
await checkDatabase(app, env.DATABASE_URL);
const background = await startBackground(app, { ...env, DATABASE_URL: env.DATABASE_URL, SMTP_URL: env.SMTP_URL }, { worker: true });
console.log("undersigned: outbox worker running");
const stop = async () => {
  await background.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
