import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

interface CpuProfile {
  startTime: number;
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

const LAYERS: [string, (fn: string, url: string) => boolean][] = [
  ["socket writes (kernel)", (fn, url) => !url && /^(writev|writeBuffer|writeLatin1String|writeUtf8String|writeAsciiString)$/.test(fn)],
  ["garbage collection", (fn) => fn === "(garbage collector)"],
  ["React server rendering", (_, url) => /node_modules\/react(-dom)?\//.test(url)],
  ["Remix (routing, data, document)", (_, url) => /node_modules\/(@remix-run|react-router|react-router-dom|turbo-stream)\//.test(url)],
  ["Fetch API objects (Request, Headers, streams)", (_, url) => /undici|webstreams|abort_controller|event_target|internal\/encoding/.test(url)],
  ["query builder (Kysely)", (_, url) => /node_modules\/kysely\//.test(url)],
  ["Postgres driver (postgres.js)", (_, url) => /node_modules\/postgres\//.test(url)],
  ["validation (zod)", (_, url) => /node_modules\/zod\//.test(url)],
  ["app code (routes, models, server)", (_, url) => /\/(build\/index\.js|server\/|db\/|app\/)/.test(url) && !url.includes("node_modules")],
  ["node:http and sockets", (_, url) => /node:(_http|net|internal\/stream_base_commons|internal\/streams)/.test(url)],
];

/** Now on the clock V8 stamps profile samples with (microseconds of the monotonic clock, shared by every process). */
export const profileClock = () => Number(process.hrtime.bigint() / 1000n);

/** Share of the busy CPU time of a profile between two profileClock() readings, by layer of the stack (self time, idle excluded). */
export function layersOf(profile: CpuProfile, { from, to }: { from: number; to: number }): { layer: string; share: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const sums = new Map<string, number>();
  let busy = 0;
  let clock = profile.startTime;
  profile.samples.forEach((id, i) => {
    clock += profile.timeDeltas[i];
    if (clock < from || clock > to) return;
    const { functionName: fn, url } = byId.get(id)!.callFrame;
    if (fn === "(idle)") return;
    const layer = LAYERS.find(([, test]) => test(fn, url))?.[0] ?? "other (Node internals, runtime)";
    sums.set(layer, (sums.get(layer) ?? 0) + profile.timeDeltas[i]);
    busy += profile.timeDeltas[i];
  });
  return [...sums].map(([layer, t]) => ({ layer, share: t / busy })).sort((a, b) => b.share - a.share);
}

/** A folder for --cpu-prof, and the profiles written there once the process has exited. */
export async function profileDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "undersigned-prof-"));
  return {
    flags: `--cpu-prof --cpu-prof-dir=${dir}`,
    /** The main thread's profile (file names are CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile; thread 0 is main). */
    async read(): Promise<CpuProfile> {
      const files = (await readdir(dir)).filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f));
      if (files.length !== 1) throw new Error(`expected one main-thread CPU profile, found ${files.join(", ") || "none"}`);
      const profile = JSON.parse(await readFile(path.join(dir, files[0]), "utf8")) as CpuProfile;
      await rm(dir, { recursive: true, force: true });
      return profile;
    },
  };
}
