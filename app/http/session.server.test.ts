import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { findSession, openSession } from "~/organizers/auth.server";
import { hashToken } from "~/utils/crypto.server";
import { localeCookie } from "./cookies.server";
import { commitOpenedSession, destroyRequestSession, getSessionUser, SESSION_COOKIE } from "./session.server";

const withCookie = (cookie: string) => new Request("http://x/", { headers: { cookie } });

async function anOrganizer(email: string) {
  const user = await getDb().insertInto("users").values({ email }).returning("id").executeTakeFirstOrThrow();
  return { userId: user.id, ...(await openSession({ userId: user.id })) };
}

describe("the language cookie", () => {
  it("is written and read as the bare language, for a year", async () => {
    const header = await localeCookie.serialize("es");
    expect(header).toMatch(/^lang=es; Max-Age=31536000; Path=\/; SameSite=Lax$/);
    expect(await localeCookie.parse("a=b; lang=es")).toBe("es");
    expect(await localeCookie.parse("a=b")).toBeNull();
  });
});

describe("the session cookie", () => {
  it("carries the bare token: HttpOnly, SameSite=Lax, 30 days; the table keeps only its hash", async () => {
    const { token, csrf } = await anOrganizer("cookie-attrs@example.org");
    const header = await commitOpenedSession(token);
    expect(header.split("; ")).toEqual([`${SESSION_COOKIE}=${token}`, `Max-Age=${30 * 24 * 3600}`, "Path=/", "HttpOnly", "SameSite=Lax"]);
    const row = await getDb().selectFrom("sessions").select(["token_hash", "expires_at"]).where("csrf_token", "=", csrf).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(token));
    // Written again, the session lives 30 days from now.
    expect(new Date(row.expires_at).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  it("opens the session it names, with its CSRF token", async () => {
    const { token, csrf, userId } = await anOrganizer("cookie-user@example.org");
    expect(await getSessionUser(withCookie(`lang=es; ${SESSION_COOKIE}=${encodeURIComponent(token)}`))).toEqual({
      id: userId,
      email: "cookie-user@example.org",
      name: null,
      isAdmin: false,
      csrfToken: csrf,
    });
  });

  it("treats a missing, unknown or mangled cookie as no session", async () => {
    for (const cookie of ["", "lang=es", `${SESSION_COOKIE}=`, `${SESSION_COOKIE}=nope`, `${SESSION_COOKIE}=%E0%A4%A`, `${SESSION_COOKIE}="`]) {
      expect(await getSessionUser(withCookie(cookie)), cookie).toBeNull();
    }
  });

  it("is ended on the server and cleared in the browser", async () => {
    const { token } = await anOrganizer("cookie-end@example.org");
    const header = await destroyRequestSession(withCookie(`${SESSION_COOKIE}=${token}`));
    expect(header).toMatch(new RegExp(`^${SESSION_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$`));
    expect(await findSession({ token })).toBeNull();
    expect(await getSessionUser(withCookie(`${SESSION_COOKIE}=${token}`))).toBeNull();
  });
});
