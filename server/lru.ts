/**
 * A bounded map that drops the least recently used key first: for caches
 * keyed by what clients send (paths), which must not grow without
 * bound.
 */
export interface Lru<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  readonly size: number;
}

export function lru<V>(maxKeys: number): Lru<V> {
  // A Map iterates in insertion order: a key used again moves to the end, so the first is the oldest.
  const entries = new Map<string, V>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      if (entries.size >= maxKeys) entries.delete(entries.keys().next().value!);
      entries.set(key, value);
    },
    get size() {
      return entries.size;
    },
  };
}
