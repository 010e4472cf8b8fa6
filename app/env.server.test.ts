import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

describe("parseEnv", () => {
  it("gives sensible defaults for an empty environment", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.MODERATION).toBe("off");
    expect(env.TRUST_PROXY).toBe(0);
    expect(env.WEB_CONCURRENCY).toBe(1);
    expect(env.ADMIN_EMAILS).toEqual([]);
  });

  it.each([
    ["DATABASE_URL", "mysql://localhost/x", /Invalid environment variable DATABASE_URL: must be a URL starting with postgres:\/\/ or postgresql:\/\//],
    ["SMTP_URL", "localhost:25", /Invalid environment variable SMTP_URL: must be a URL starting with smtp:\/\/ or smtps:\/\//],
    ["PORT", "eighty", /Invalid environment variable PORT/],
    ["MODERATION", "maybe", /Invalid environment variable MODERATION: must be "required" or "off"/],
    ["TRUST_PROXY", "yes", /Invalid environment variable TRUST_PROXY/],
    ["ADMIN_EMAILS", "a@example.org, not-an-email", /Invalid environment variable ADMIN_EMAILS/],
  ])("names %s in one line when it is wrong", (name, value, message) => {
    let error: unknown;
    try {
      parseEnv({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("hides a password when it echoes a bad URL", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://u:secret@h/db" })).toThrow(/\*\*\*/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://u:secret@h/db" })).not.toThrow(/secret/);
  });

  it("requires real database and mail servers in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/DATABASE_URL: is required when NODE_ENV=production/);
    const servers = { NODE_ENV: "production", DATABASE_URL: "postgres://db/x", SMTP_URL: "smtp://mail:25" };
    expect(() => parseEnv(servers)).toThrow(/^Invalid environment variable APP_URL: is required when NODE_ENV=production/);
    expect(parseEnv({ ...servers, APP_URL: "https://sign.example.org" }).APP_URL).toBe("https://sign.example.org");
  });

  it("reads TRUST_PROXY as a number of proxies", () => {
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(parseEnv({ TRUST_PROXY: "" }).TRUST_PROXY).toBe(0);
    for (const bad of ["-1", "1.5", "true", "11"]) expect(() => parseEnv({ TRUST_PROXY: bad })).toThrow(/^Invalid environment variable TRUST_PROXY: must be the number of proxies/);
  });

  it("reads the admin list as lower-cased addresses", () => {
    expect(parseEnv({ ADMIN_EMAILS: " Admin@Example.org ,b@example.org" }).ADMIN_EMAILS).toEqual(["admin@example.org", "b@example.org"]);
  });
});
