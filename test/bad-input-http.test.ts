import net from "node:net";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../server/middleware/body-limit";
import { useApp } from "./support/app";
import { createBadInputWorld, useAnswerTally, type BadInputWorld } from "./support/bad-input";
import { hostileText } from "./support/hostile";
import { brokenInvariants } from "./support/invariants";

// Hostile addresses and bodies through the real server: what its HTTP layer
// refuses (malformed addresses, oversized and non-form bodies) and any address
// at all is answered, never with a 500. Hostile form fields are in
// bad-input.test.ts, in process.

const RUNS = { get: 300 };
const app = useApp();
const tally = useAnswerTally("bad-input-http");
const count = tally.count;
let ctx: BadInputWorld;

beforeAll(async () => {
  ctx = await createBadInputWorld();
});

/** encodeURIComponent, with lone surrogates (which it refuses) as U+FFFD, as a browser sends them. */
const encode = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));

/**
 * A POST over a bare socket, reading whatever status comes back: a server
 * refusing an oversized body answers before the client has finished
 * sending it, which fetch reports only as a broken pipe.
 */
function rawPost(url: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname);
    let answer = "";
    socket.on("data", (d) => (answer += d.toString("latin1")));
    socket.on("error", () => {});
    socket.on("close", () => {
      const status = answer.match(/^HTTP\/1\.1 (\d{3})/);
      if (status) resolve(Number(status[1]));
      else reject(new Error(`no answer: ${answer.slice(0, 200)}`));
    });
    const head = [`POST ${pathname} HTTP/1.1`, `Host: ${hostname}:${port}`, `Content-Length: ${body.length}`, "Connection: close", ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    socket.write(`${head.join("\r\n")}\r\n\r\n`);
    socket.write(body);
  });
}

describe("addresses and query strings", () => {
  it("answers a malformed address with 400 and stays up (one such request used to end the process)", async () => {
    for (const path of ["/%E0%A4%A", "/statements/%", "/statements/%00", "/api/statements/a%00b", "/statements/x%0d%0aSet-Cookie:%20a=b/count"]) {
      const res = await fetch(`${app.url}${path}`);
      count("malformed address", res.status);
      expect(res.status, path).toBe(400);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it("never a 500 for any path segment or query value", async () => {
    const segment = fc.oneof(
      hostileText.map(encode),
      fc.constantFrom("%", "%zz", "%E0%A4%A", "%00", "%C0%AE%C0%AE", "..%2F..%2F", "%F0%9F%98", "%ED%A0%80"),
    );
    const q = hostileText.map(encode);
    const { open, ownerSession, admin } = ctx;
    const pages = [
      (s: string) => [`/statements/${s}`],
      (s: string) => [`/statements/${s}/count`],
      (s: string) => [`/api/statements/${s}`],
      (s: string) => [`/statements/${s}/signed`],
      (s: string, v: string) => [`/statements/${s}/embed?error=${v}&sent=${v}`],
      (s: string, v: string) => [`/statements/${open.slug}/embed?error=${v}`],
      (s: string, v: string) => [`/statements/${open.slug}?confirmed=${v}`],
      (s: string, v: string) => [`/?q=${v}&jurisdiction=${v}&sort=${v}`],
      (s: string, v: string) => [`/signatures/verify?token=${v}`],
      (s: string, v: string) => [`/signatures/withdraw?token=${v}`],
      (s: string, v: string) => [`/unsubscribe?token=${v}`],
      (s: string, v: string) => [`/login?redirectTo=${v}`],
      (s: string, v: string) => [`/login/verify?token=${v}&redirectTo=${v}`],
      (s: string) => [`/organize/statements/${s}`, ownerSession.cookie],
      (s: string) => [`/organize/statements/${s}/dashboard`, ownerSession.cookie],
      (s: string) => [`/organize/statements/${s}/updates`, ownerSession.cookie],
      (s: string) => [`/organize/statements/${s}/preview`, ownerSession.cookie],
      (s: string) => [`/organize/statements/${s}/signatures.csv`, ownerSession.cookie],
      (s: string, v: string) => [`/organize/statements/${open.id}/updates?sent=${v}`, ownerSession.cookie],
      (s: string, v: string) => [`/organize/statements/${open.id}?notice=${v}`, ownerSession.cookie],
      (s: string, v: string) => [`/admin/officials?j=${v}&edit=${v}&notice=${v}&added=${v}`, admin.cookie],
      (s: string, v: string) => [`/admin/moderation?done=${v}`, admin.cookie],
      (s: string) => [`/officials/${s}`],
      (s: string) => [`/officials/${ctx.tokens.official}/${s}`],
      (s: string, v: string) => [`/officials/${ctx.tokens.official}?done=${v}`],
      (s: string) => [`/organize/statements/${s}/delivery`, ownerSession.cookie],
      (s: string, v: string) => [`/organize/statements/${ctx.delivered.id}/delivery?done=${v}`, ownerSession.cookie],
      (s: string) => [`/${s}`],
      (s: string) => [`/build/${s}`],
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat(pages.length - 1), segment, q, fc.oneof(fc.constant(undefined), hostileText.map(encode)), async (i, s, v, cookieJunk) => {
        const [path, cookie] = pages[i](s, v);
        const headers: Record<string, string> = {};
        if (cookie) headers.cookie = cookie;
        else if (cookieJunk) headers.cookie = `__session=${cookieJunk}; lang=${cookieJunk}`;
        const res = await fetch(`${app.url}${path}`, { headers, redirect: "manual" });
        const text = await res.text();
        count(`GET ${pages[i]("…", "…")[0]}`, res.status);
        if (res.status >= 500) throw new Error(`${res.status} from ${path}: ${text.slice(0, 300)}`);
      }),
      { numRuns: RUNS.get },
    );
  });
});

describe("bodies a browser would never send", () => {
  const slug = () => ctx.open.slug;

  it("refuses bodies over the limit with 413, on every kind of form", async () => {
    const big = "a".repeat(MAX_BODY_BYTES + 1);
    const multipart = Buffer.from(`--b\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n${big}\r\n--b--\r\n`);
    for (const path of [`/statements/${slug()}`, "/login", "/admin/officials", "/signatures/verify", "/unsubscribe"]) {
      for (const [type, body] of [
        ["application/x-www-form-urlencoded", Buffer.from(`name=${big}`)],
        ["multipart/form-data; boundary=b", multipart],
      ] as const) {
        const status = await rawPost(`${app.url}${path}`, { "Content-Type": type, Cookie: ctx.admin.cookie }, body);
        count("oversized", status);
        expect(status, `${type} to ${path}`).toBe(413);
      }
    }
  });

  it("answers a body that is not a form with a clear 415 or 400, on every form route", async () => {
    const routes = [
      `/statements/${slug()}`,
      "/login",
      "/login/verify",
      "/signatures/verify",
      "/signatures/withdraw",
      "/language",
      "/logout",
      "/organize/new",
      `/organize/statements/${ctx.open.id}`,
      `/organize/statements/${ctx.open.id}/updates`,
      "/admin/officials",
      "/admin/moderation",
      `/organize/statements/${ctx.open.id}/delivery`,
      `/officials/${ctx.tokens.official}`,
    ];
    const bodies: [string, string, number][] = [
      ["application/json", JSON.stringify({ name: "x", email: "a@b.c" }), 415],
      ["text/plain", "name=x", 415],
      ["application/xml", "<a/>", 415],
      ["multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nunterminated", 400],
      ["multipart/form-data", "no boundary at all", 400],
    ];
    for (const path of routes) {
      for (const [type, body, expected] of bodies) {
        const res = await app.postForm(path, body, { cookie: ctx.admin.cookie, headers: { "content-type": type } });
        count("wrong content type", res.status);
        expect(res.status, `${type} to ${path}`).toBe(expected);
        expect(res.html).toMatch(/web form|could not be read/);
      }
    }
    // The one exception: mail clients' one-click unsubscribes, whatever they send, get an answer.
    for (const [type, body] of bodies) {
      const res = await app.postForm("/unsubscribe?token=nope", body, { headers: { "content-type": type } });
      count("wrong content type", res.status);
      expect(res.status, type).toBe(404);
    }
  });
});

describe("afterwards", () => {
  it("no row breaks an invariant", async () => {
    expect(tally.tried).toBeGreaterThan(RUNS.get);
    expect(await brokenInvariants()).toEqual({});
  });
});
