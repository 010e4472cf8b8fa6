import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { consumeLoginToken, findSession, LOGIN_LIMITS, requestLoginLink } from "./auth.server";

const tokenFrom = async (email: string) => {
  const row = await getDb()
    .selectFrom("outbox")
    .select("text_body")
    .where("to_address", "=", email)
    .where("kind", "=", "login")
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return new URL(row.text_body.match(/https?:\/\/\S+/)![0]).searchParams.get("token")!;
};

describe("passwordless sign-in", () => {
  beforeAll(() => {
    process.env.APP_URL = "http://localhost:3000";
  });
  afterAll(() => {
    delete process.env.APP_URL;
  });

  it("emails a single-use link that opens a session", async () => {
    const email = "first@example.org";
    expect(await requestLoginLink({ email, clientIp: "192.0.2.1" })).toEqual({ sent: true });
    const token = await tokenFrom(email);
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    const stored = await getDb().selectFrom("login_tokens").select("token_hash").where("email", "=", email).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    const first = await consumeLoginToken({ token });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(await findSession({ token: first.sessionToken })).toMatchObject({ user: { email, isAdmin: false }, csrf: expect.any(String) });

    expect(await consumeLoginToken({ token })).toEqual({ ok: false, reason: "used" });
  });

  it("refuses an expired link and an unknown one", async () => {
    const email = "late@example.org";
    await requestLoginLink({ email, clientIp: "192.0.2.2" });
    const token = await tokenFrom(email);
    await getDb().updateTable("login_tokens").set({ expires_at: new Date(Date.now() - 1000) }).where("email", "=", email).execute();
    expect(await consumeLoginToken({ token })).toEqual({ ok: false, reason: "expired" });
    expect(await consumeLoginToken({ token: "nope" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("stops sending to one address past the limit, without saying so", async () => {
    const email = "spammed@example.org";
    const results = [];
    for (let i = 0; i < LOGIN_LIMITS.perEmail.limit + 3; i++) results.push(await requestLoginLink({ email, clientIp: `198.51.100.${i}` }));
    expect(results.filter((r) => r.sent)).toHaveLength(LOGIN_LIMITS.perEmail.limit);
    const mails = await getDb().selectFrom("outbox").select("id").where("to_address", "=", email).execute();
    expect(mails).toHaveLength(LOGIN_LIMITS.perEmail.limit);
  });
});
