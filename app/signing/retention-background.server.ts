// Called once by the process that runs scheduled jobs (server/background.ts).
import { registerJob } from "~/jobs.server";
import { runRetention } from "./retention.server";

export function registerRetentionJob() {
  registerJob({
    name: "retention",
    everyMs: 60 * 60 * 1000,
    run: async () => {
      const done = await runRetention();
      if (done.signatures || done.packetFiles || done.mail)
        console.log(`retention: ${done.signatures} signatures anonymized, ${done.packetFiles} packet files and ${done.mail} sent emails deleted`);
    },
  });
}
