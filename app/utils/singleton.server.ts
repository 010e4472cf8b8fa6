// The server entry and the Remix bundle load app modules as separate copies;
// keeping shared resources on globalThis gives both the same pool.
export function singleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as { __undersigned?: Map<string, unknown> };
  store.__undersigned ??= new Map();
  if (!store.__undersigned.has(name)) store.__undersigned.set(name, create());
  return store.__undersigned.get(name) as T;
}

export function dropSingleton(name: string) {
  const store = globalThis as unknown as { __undersigned?: Map<string, unknown> };
  store.__undersigned?.delete(name);
}
