import { describe, expect, it } from "vitest";
import { microCache } from "./micro-cache.server";

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("microCache", () => {
  it("serves one load per key and interval, shared by concurrent callers", async () => {
    const cache = microCache<number>({ ttlMs: 50 });
    let loads = 0;
    const load = async () => {
      loads++;
      await later(5);
      return loads;
    };
    expect(await Promise.all([cache.get("a", load), cache.get("a", load), cache.get("a", load)])).toEqual([1, 1, 1]);
    expect(await cache.get("b", load)).toBe(2);
    await later(60);
    expect(await cache.get("a", load)).toBe(3);
  });

  it("loads again after forget, and after a failed load", async () => {
    const cache = microCache<string>({ ttlMs: 60_000 });
    await expect(cache.get("k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("k", async () => "up")).toBe("up");
    expect(await cache.get("k", async () => "newer")).toBe("up");
    cache.forget("k");
    expect(await cache.get("k", async () => "newer")).toBe("newer");
  });

  it("never holds more than its key limit", async () => {
    const cache = microCache<string>({ ttlMs: 60_000, maxKeys: 3 });
    for (const k of ["a", "b", "c", "d"]) await cache.get(k, async () => k);
    expect(await cache.get("a", async () => "reloaded")).toBe("reloaded");
  });
});
