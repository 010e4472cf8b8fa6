import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
// A type only, erased when compiled: at run time the server reaches the app
// solely through the build it loads, so a process holds one copy of the app.
import type * as AppEntry from "../app/entry.server";

/** What the server, the worker and the seed use of the app: the build's entry module. */
export type App = typeof AppEntry;

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const buildFile = path.join(root, "build", "index.js");

/** The Remix server build (`npm run build`); throws a one-line reason when it is missing. */
export async function loadBuild(): Promise<ServerBuild> {
  try {
    return (await import(pathToFileURL(buildFile).href)) as ServerBuild;
  } catch (e) {
    throw new Error(`no app build at ${buildFile}: run \`npm run build\` first (${e instanceof Error ? e.message : e})`);
  }
}

export function appOf(build: ServerBuild): App {
  return build.entry.module as unknown as App;
}

/** The app, through the build. */
export async function loadApp(): Promise<{ build: ServerBuild; app: App }> {
  const build = await loadBuild();
  return { build, app: appOf(build) };
}
