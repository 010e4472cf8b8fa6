import { gzipSync } from "node:zlib";
import type { BenchRow } from "./lib";

// What the browser downloads to run a page: every `<link rel="modulepreload">`
// and `<script src>` of the page's own HTML (and the modules its inline
// module script imports), each fetched once and gzipped, summed.

const TARGET_KB = 100;

/** Absolute URLs of the scripts a page's HTML loads. */
export function scriptUrls(html: string, base: string): string[] {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*>/g)) {
    const href = /\bhref="([^"]+)"/.exec(m[0])?.[1];
    if (href) urls.add(new URL(href, base).href);
  }
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(new URL(m[1], base).href);
  // Remix's inline module script imports the manifest, entry and route modules.
  for (const m of html.matchAll(/<script\b[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const i of m[1].matchAll(/import\s*(?:[^"']*?from\s*)?["']([^"']+\.js)["']/g)) urls.add(new URL(i[1], base).href);
  }
  return [...urls];
}

/** The modules a module imports statically (relative or root-relative). */
function importsOf(js: string, url: string): string[] {
  return [...js.matchAll(/(?:\bfrom|\bimport)\s*["']([./][^"']+\.js)["']/g)].map((m) => new URL(m[1], url).href);
}

async function gzippedSizes(urls: string[], follow = false): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const queue = [...urls];
  while (queue.length) {
    const url = queue.shift()!;
    if (sizes.has(url)) continue;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    const body = Buffer.from(await res.arrayBuffer());
    sizes.set(url, gzipSync(body, { level: 9 }).byteLength);
    if (follow) queue.push(...importsOf(body.toString("utf8"), url));
  }
  return sizes;
}

const kb = (bytes: number) => bytes / 1024;
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** The statement page's JavaScript against React + Remix alone (entry.client and what it imports). */
export async function measurePageJs(baseUrl: string, pagePath: string): Promise<BenchRow> {
  const html = await (await fetch(baseUrl + pagePath)).text();
  const urls = scriptUrls(html, baseUrl + pagePath);
  const entry = urls.find((u) => /\/entry\.client-[^/]+\.js$/.test(u));
  if (!entry) throw new Error(`${pagePath}: no entry.client among its scripts (${urls.join(", ")})`);
  const page = await gzippedSizes(urls);
  const framework = await gzippedSizes([entry], true);
  const total = kb(sum(page));
  const largest = [...page.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return {
    scenario: "read",
    metric: "statement page JavaScript (gzipped)",
    value: total,
    unit: "KB",
    baseline: { name: "React + Remix alone (entry.client and its imports)", value: kb(sum(framework)) },
    target: `≤ ${TARGET_KB} KB gzipped`,
    met: total <= TARGET_KB,
    note:
      `${page.size} files from the page's own modulepreload and script tags, each gzipped (level 9) and summed; ` +
      `largest: ${largest.map(([u, b]) => `${new URL(u).pathname} ${kb(b).toFixed(1)} KB`).join(", ")}.`,
  };
}
