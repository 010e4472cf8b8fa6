import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

const request = (forwarded: string | undefined, peer = "10.0.0.9") =>
  ({ headers: forwarded === undefined ? {} : { "x-forwarded-for": forwarded }, socket: { remoteAddress: peer } }) as unknown as IncomingMessage;

describe("clientAddress", () => {
  it("takes the N-th X-Forwarded-For entry from the right: what our N proxies saw", () => {
    // The client wrote "6.6.6.6, 7.7.7.7"; our one proxy appended 203.0.113.7.
    expect(clientAddress(request("6.6.6.6, 7.7.7.7, 203.0.113.7"), 1)).toBe("203.0.113.7");
    // Two proxies: the outer appended the client, the inner the outer.
    expect(clientAddress(request("6.6.6.6, 203.0.113.7, 10.1.1.1"), 2)).toBe("203.0.113.7");
  });

  it("takes the left-most when fewer of our proxies were passed, and the peer without a header or trust", () => {
    expect(clientAddress(request("203.0.113.7"), 2)).toBe("203.0.113.7");
    expect(clientAddress(request(undefined), 1)).toBe("10.0.0.9");
    expect(clientAddress(request(" , "), 1)).toBe("10.0.0.9");
    expect(clientAddress(request("6.6.6.6"), 0)).toBe("10.0.0.9");
  });
});
