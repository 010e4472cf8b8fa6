/**
 * Periodic work that must happen even when nobody is looking: automatic
 * deliveries, data retention. Every job is idempotent and safe to run in
 * several processes at once (each claims its rows with SKIP LOCKED or a
 * conditional update).
 */
export interface ScheduledJob {
  name: string;
  everyMs: number;
  /** Also run once as soon as the jobs start: a process restarted more often than `everyMs` must still run it. */
  runAtStart?: boolean;
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
  const running = new Set<Promise<void>>();
  const timers = jobs.map((job) => {
    let busy = false;
    const tick = async () => {
      if (busy) return;
      busy = true;
      try {
        await job.run();
      } catch (e) {
        console.error(`job ${job.name}:`, e instanceof Error ? e.message : e);
      } finally {
        busy = false;
      }
    };
    if (job.runAtStart) {
      const first = tick();
      running.add(first);
      void first.finally(() => running.delete(first));
    }
    const timer = setInterval(tick, job.everyMs);
    timer.unref();
    return timer;
  });
  return {
    async stop() {
      timers.forEach(clearInterval);
      // A first run still going must not outlive the pools it uses.
      await Promise.all(running);
    },
  };
}
