// Single fetch is on (remix.config.js): loaders and actions return plain
// objects or data(), and the hooks' types follow what single fetch sends.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
