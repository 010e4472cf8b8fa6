// Organizer sessions through Remix's createSessionStorage, kept in the
// sessions table: the cookie carries a random token, the table only its
// hash (app/organizers/auth.server.ts owns the rows).
import { createSession, createSessionStorage, type Cookie, type Session, type SessionStorage } from "@remix-run/node";
import { endSession, findSession, openSession, renewSession, type SessionUser } from "~/organizers/auth.server";
import { sessionCookie } from "./cookies.server";

export { SESSION_COOKIE } from "./cookies.server";
export type { SessionUser } from "~/organizers/auth.server";

/** What a session holds: whose it is, and the CSRF token of its forms. */
interface SessionData {
  user: SessionUser;
  csrf: string;
}

/**
 * Remix warns about any unsigned session cookie because its default
 * storages may keep data in the cookie itself. Ours carries only an opaque
 * 256-bit token looked up by its hash: a changed value names no session,
 * which is all that signing would add, and signing would need a secret
 * the deployment does not have. So the storage is told it is safe.
 */
function opaqueTokenCookie(cookie: Cookie): Cookie {
  return {
    get name() {
      return cookie.name;
    },
    isSigned: true,
    get expires() {
      return cookie.expires;
    },
    parse: (header, options) => cookie.parse(header, options),
    serialize: (value, options) => cookie.serialize(value, options),
  };
}

let storage: SessionStorage<SessionData> | undefined;

export function sessionStorage(): SessionStorage<SessionData> {
  storage ??= createSessionStorage<SessionData>({
    cookie: opaqueTokenCookie(sessionCookie()),
    async createData(data, expires) {
      if (!data.user) throw new Error("A session needs its user");
      return (await openSession({ userId: data.user.id, expiresAt: expires })).token;
    },
    async readData(token) {
      return typeof token === "string" ? findSession({ token }) : null;
    },
    async updateData(token, _data, expires) {
      if (expires) await renewSession({ token, expiresAt: expires });
    },
    async deleteData(token) {
      await endSession({ token });
    },
  });
  return storage;
}

async function sessionOf(request: Request) {
  return sessionStorage().getSession(request.headers.get("cookie"));
}

/** The signed-in organizer with their session's CSRF token, or null. */
export async function getSessionUser(request: Request): Promise<(SessionUser & { csrfToken: string }) | null> {
  const session = await sessionOf(request);
  const user = session.get("user");
  const csrf = session.get("csrf");
  return user && csrf ? { ...user, csrfToken: csrf } : null;
}

/** The Set-Cookie header for a session the domain has just opened (consumeLoginToken). */
export async function commitOpenedSession(token: string): Promise<string> {
  return sessionStorage().commitSession(createSession<Partial<SessionData>>({}, token) as Session<SessionData>);
}

/** Ends the request's session (if any) and returns the Set-Cookie header that clears it. */
export async function destroyRequestSession(request: Request): Promise<string> {
  return sessionStorage().destroySession(await sessionOf(request));
}
