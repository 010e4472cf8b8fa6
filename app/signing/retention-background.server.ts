// Called once by the process that runs scheduled jobs (server/background.ts).
import { registerJob } from "~/jobs.server";
import { closeStatementsPastDeadline } from "~/statements/deadlines.server";
import { runRetention } from "./retention.server";

export function registerRetentionJob() {
  // Hourly, and at start: a process restarted more often than hourly still runs it.
  registerJob({
    name: "retention",
    everyMs: 60 * 60 * 1000,
    runAtStart: true,
    run: async () => {
      const done = await runRetention();
      if (done.signatures || done.packetFiles || done.mail)
        console.log(`retention: ${done.signatures} signatures anonymized, ${done.packetFiles} packet files and ${done.mail} sent emails deleted`);
    },
  });
  // Statements stop taking signatures at their deadline, as the automatic deliveries run (every 30 s).
  registerJob({
    name: "deadlines",
    everyMs: 30_000,
    runAtStart: true,
    run: async () => {
      await closeStatementsPastDeadline();
    },
  });
}
