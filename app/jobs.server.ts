/**
 * Periodic work that must happen even when nobody is looking: automatic
 * deliveries, data retention. Every job is idempotent and safe to run in
 * several processes at once (each claims its rows with SKIP LOCKED or a
 * conditional update).
 */
export interface ScheduledJob {
  name: string;
  everyMs: number;
  run: () => Promise<void>;
}

const jobs: ScheduledJob[] = [];

/** Registers `job`, replacing one of the same name (registering twice is harmless). */
export function registerJob(job: ScheduledJob) {
  const same = jobs.findIndex((j) => j.name === job.name);
  if (same >= 0) jobs[same] = job;
  else jobs.push(job);
}

/** What is registered (for tests and operators' tooling). */
export function registeredJobs(): readonly ScheduledJob[] {
  return jobs;
}

export function startScheduledJobs() {
  const timers = jobs.map((job) => {
    let busy = false;
    const timer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        await job.run();
      } catch (e) {
        console.error(`job ${job.name}:`, e instanceof Error ? e.message : e);
      } finally {
        busy = false;
      }
    }, job.everyMs);
    timer.unref();
    return timer;
  });
  return {
    async stop() {
      timers.forEach(clearInterval);
    },
  };
}
