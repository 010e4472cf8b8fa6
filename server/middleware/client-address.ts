import type { IncomingMessage } from "node:http";

/**
 * The client's address. `trustedProxies` is TRUST_PROXY: how many proxies of
 * ours stand in front of this server. Each appends the address it was
 * reached from to X-Forwarded-For, so only the right-most `trustedProxies`
 * entries were written by us; everything left of them is whatever the client
 * sent. The client is the `trustedProxies`-th entry from the right (1: the
 * right-most). With fewer entries than that, the request passed fewer of our
 * proxies and the left-most is still ours. 0: the socket's peer.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const header = req.headers["x-forwarded-for"];
    const entries = (Array.isArray(header) ? header.join(",") : (header ?? ""))
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    const entry = entries[Math.max(0, entries.length - trustedProxies)];
    if (entry) return entry;
  }
  return req.socket.remoteAddress ?? "unknown";
}
