import type { IncomingMessage } from "node:http";

/**
 * The client's address: the first X-Forwarded-For entry when TRUST_PROXY=1
 * (a proxy of ours sets it), else the socket's peer.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}
