import { describe, expect, it } from "vitest";
import { lru } from "./lru";

describe("lru", () => {
  it("keeps at most its size, dropping the least recently used key", () => {
    const cache = lru<number>(3);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    expect(cache.get("a")).toBe(1); // a is now the most recent
    cache.set("d", 4);
    expect(cache.size).toBe(3);
    expect(cache.get("b")).toBeUndefined();
    expect([cache.get("a"), cache.get("c"), cache.get("d")]).toEqual([1, 3, 4]);
  });

  it("replaces a key's value without growing", () => {
    const cache = lru<string>(2);
    cache.set("a", "x");
    cache.set("a", "y");
    cache.set("b", "z");
    expect(cache.size).toBe(2);
    expect(cache.get("a")).toBe("y");
  });

  it("stays bounded under many distinct keys", () => {
    const cache = lru<number>(100);
    for (let i = 0; i < 10_000; i++) cache.set(`/statements/s-${i}`, i);
    expect(cache.size).toBe(100);
    expect(cache.get("/statements/s-9999")).toBe(9999);
    expect(cache.get("/statements/s-0")).toBeUndefined();
  });
});
