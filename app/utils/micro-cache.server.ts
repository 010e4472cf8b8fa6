/**
 * Keeps a value for a moment in this process. Under a read surge one
 * database read per key and interval serves every reader, and concurrent
 * misses share one read. Only for what may lag by `ttlMs`.
 */
export interface MicroCache<T> {
  get(key: string, load: () => Promise<T>): Promise<T>;
  /** Drops a key, e.g. after this process changed what it holds. */
  forget(key: string): void;
  /** Drops every key. */
  clear(): void;
}

export function microCache<T>({ ttlMs, maxKeys = 10_000 }: { ttlMs: number; maxKeys?: number }): MicroCache<T> {
  const entries = new Map<string, { until: number; value: Promise<T> }>();
  return {
    get(key, load) {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.until > now) return hit.value;
      // Unknown keys are cheap to invent: never let them grow without bound.
      if (entries.size >= maxKeys) entries.clear();
      const value = load();
      const entry = { until: now + ttlMs, value };
      entries.set(key, entry);
      value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return value;
    },
    forget(key) {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
  };
}
