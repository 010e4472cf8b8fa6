import { sql } from "kysely";
import { redirect } from "@remix-run/node";
import type { Executor, User } from "../../db/types";
import { getDb, inTransaction } from "~/db.server";
import { appUrl, env } from "~/env.server";
import type { Locale } from "~/i18n/core";
import { emailTranslator as translator } from "~/i18n/email.server";
import { hashToken, newToken, safeEqual } from "~/utils/crypto.server";
import { LOGIN_TOKEN_TTL_MINUTES, SESSION_TTL_DAYS } from "./auth";
import { enqueueEmail } from "~/mail/outbox.server";
import { hitRateLimit } from "~/signing/rate-limit.server";

export const SESSION_COOKIE = "__session";

export const LOGIN_LIMITS = {
  perEmail: { limit: 5, windowSeconds: 15 * 60 },
  perIp: { limit: 30, windowSeconds: 15 * 60 },
};

/**
 * Emails a single-use sign-in link. Says nothing about whether the address
 * has an account, and quietly sends nothing once a limit is reached.
 */
export async function requestLoginLink(
  { email, clientIp, redirectTo = "/organize", locale = "en" }: { email: string; clientIp: string; redirectTo?: string; locale?: Locale },
  db: Executor = getDb(),
): Promise<{ sent: boolean }> {
  return inTransaction(db, async (trx) => {
    const byEmail = await hitRateLimit({ key: `login:email:${email}`, ...LOGIN_LIMITS.perEmail }, trx);
    const byIp = await hitRateLimit({ key: `login:ip:${clientIp}`, ...LOGIN_LIMITS.perIp }, trx);
    if (!byEmail.allowed || !byIp.allowed) return { sent: false };
    const { token, hash } = newToken();
    await trx
      .insertInto("login_tokens")
      .values({
        email,
        token_hash: hash,
        expires_at: sql`now() + ${`${LOGIN_TOKEN_TTL_MINUTES} minutes`}::interval`,
      })
      .execute();
    const link = `${appUrl()}/login/verify?token=${token}&redirectTo=${encodeURIComponent(redirectTo)}`;
    // In the language of the page that asked for it.
    const t = translator(locale);
    await enqueueEmail(
      { kind: "login", to: email, subject: t("login.email.subject"), text: t("login.email.body", { link, minutes: LOGIN_TOKEN_TTL_MINUTES }) },
      trx,
    );
    return { sent: true };
  });
}

export type LoginResult = { ok: true; sessionToken: string; user: User } | { ok: false; reason: "invalid" | "expired" | "used" };

/** Spends a sign-in token (once) and opens a session. */
export async function consumeLoginToken({ token }: { token: string }, db: Executor = getDb()): Promise<LoginResult> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom("login_tokens")
      .selectAll()
      .where("token_hash", "=", hashToken(token))
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { ok: false, reason: "invalid" } as const;
    if (row.used_at) return { ok: false, reason: "used" } as const;
    if (new Date(row.expires_at).getTime() < Date.now()) return { ok: false, reason: "expired" } as const;
    await trx.updateTable("login_tokens").set({ used_at: sql`now()` }).where("id", "=", row.id).execute();
    const user = await trx
      .insertInto("users")
      .values({ email: row.email })
      .onConflict((oc) => oc.column("email").doUpdateSet({ email: row.email }))
      .returningAll()
      .executeTakeFirstOrThrow();
    const session = newToken();
    const csrf = newToken();
    await trx
      .insertInto("sessions")
      .values({
        token_hash: session.hash,
        csrf_token: csrf.token,
        user_id: user.id,
        expires_at: sql`now() + ${`${SESSION_TTL_DAYS} days`}::interval`,
      })
      .execute();
    return { ok: true, sessionToken: session.token, user } as const;
  });
}

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k !== name) continue;
    // A mangled cookie is no session, not a server error.
    try {
      return decodeURIComponent(v.join("="));
    } catch {
      return null;
    }
  }
  return null;
}

export function sessionCookie(token: string | null): string {
  const attrs = [
    `${SESSION_COOKIE}=${token ? encodeURIComponent(token) : ""}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    token ? `Max-Age=${SESSION_TTL_DAYS * 24 * 3600}` : "Max-Age=0",
  ];
  if (env().NODE_ENV === "production") attrs.push("Secure");
  return attrs.join("; ");
}

export interface SessionUser {
  id: number;
  email: string;
  name: string | null;
  isAdmin: boolean;
  csrfToken: string;
}

export async function getSessionUser(request: Request, db: Executor = getDb()): Promise<SessionUser | null> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token) return null;
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.email", "users.name", "sessions.csrf_token"])
    .where("sessions.token_hash", "=", hashToken(token))
    .where("sessions.expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: env().ADMIN_EMAILS.includes(row.email),
    csrfToken: row.csrf_token,
  };
}

/** The signed-in organizer, or a redirect to sign in (then back here). */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!user.isAdmin) throw new Response("Not found", { status: 404 });
  return user;
}

/**
 * Every state-changing organizer and admin form carries the session's CSRF
 * token in a `csrf` field (SameSite=Lax is the first line; this the second).
 */
export function assertCsrf(user: SessionUser, form: FormData) {
  const sent = form.get("csrf");
  if (typeof sent !== "string" || !safeEqual(sent, user.csrfToken)) {
    throw new Response("This form has expired. Go back, reload the page and try again.", { status: 403 });
  }
}

export async function endSession(request: Request, db: Executor = getDb()) {
  const token = readCookie(request, SESSION_COOKIE);
  if (token) await db.deleteFrom("sessions").where("token_hash", "=", hashToken(token)).execute();
}
