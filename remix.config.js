/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // The server entry (server/index.ts), the worker and the seed load the app
  // only as build/index.js (through build.entry.module, see
  // docs/decisions/0008): one copy of the app per process. Everything in
  // node_modules stays external, so the server and the bundle also share one
  // copy of postgres.js and kysely.
  serverDependenciesToBundle: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
