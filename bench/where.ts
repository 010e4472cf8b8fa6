import type { DB } from "../db/types";
import { createBenchStatement } from "./fixtures";
import { load } from "./lib";
import { startApp } from "./processes";
import { layersOf, profileClock, profileDir } from "./profile";

/**
 * Where one web process spends its CPU: a CPU profile (node --cpu-prof) of
 * a separate short run of new signatures and of statement page views, by
 * layer of the stack. Profiling slows the process, so none of the figures
 * in the table come from these runs.
 */
export async function whereTheTimeGoes(db: DB, { databaseUrl, smtpUrl, seconds = 8 }: { databaseUrl: string; smtpUrl: string; seconds?: number }) {
  const statement = await createBenchStatement(db, "bench-profile");
  let n = 0;
  const sign = {
    method: "POST" as const,
    path: `/statements/${statement.slug}`,
    setupRequest: (req: object) => {
      const i = n++;
      const body = new URLSearchParams({ name: `Profiled ${i}`, email: `profile-${i}@bench.example`, ward: String(statement.wardIds[i % statement.wardIds.length]), display: "initials" });
      return { ...req, body: body.toString(), headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": `10.200.${(i >> 8) & 255}.${i & 255}` } };
    },
  };
  const runs = {
    sign: (url: string) => load({ url, connections: 50, duration: seconds, requests: [sign] }),
    page: (url: string) => load({ url: `${url}/statements/${statement.slug}`, connections: 50, duration: seconds }),
  };
  const result: Record<string, { layer: string; share: number }[]> = {};
  for (const [name, run] of Object.entries(runs)) {
    const dir = await profileDir();
    const app = await startApp({ databaseUrl, smtpUrl, webConcurrency: 1, outboxWorker: false, nodeFlags: dir.flags.split(" ") });
    await run(app.url); // warm-up
    const from = profileClock();
    const measured = await run(app.url);
    const to = profileClock();
    if (measured.errors || Object.keys(measured.statusCounts).some((k) => !["200", "303"].includes(k)))
      throw new Error(`profile ${name}: ${JSON.stringify(measured.statusCounts)}, ${measured.errors} errors`);
    await app.stop();
    result[name] = layersOf(await dir.read(), { from, to });
  }
  const layers = [...new Set(Object.values(result).flatMap((r) => r.map((l) => l.layer)))];
  const pct = (name: string, layer: string) => `${Math.round((result[name].find((l) => l.layer === layer)?.share ?? 0) * 100)}%`;
  layers.sort((a, b) => parseInt(pct("sign", b)) + parseInt(pct("page", b)) - parseInt(pct("sign", a)) - parseInt(pct("page", a)));
  return [
    "| layer of the web process | new signature | statement page |",
    "|---|---|---|",
    ...layers.map((l) => `| ${l} | ${pct("sign", l)} | ${pct("page", l)} |`),
  ].join("\n");
}
