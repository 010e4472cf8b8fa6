import { sql } from "kysely";
import type { Executor, User } from "../../db/types";
import { getDb, inTransaction } from "~/db.server";
import { appUrl, env } from "~/env.server";
import { translator, type Locale } from "~/i18n/core";
import { hashToken, newToken } from "~/utils/crypto.server";
import { LOGIN_TOKEN_TTL_MINUTES, SESSION_TTL_DAYS } from "./auth";
import { enqueueEmail } from "~/mail/outbox.server";
import { hitRateLimit } from "~/signing/rate-limit.server";

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
    const session = await openSession({ userId: user.id }, trx);
    return { ok: true, sessionToken: session.token, user } as const;
  });
}

export interface SessionUser {
  id: number;
  email: string;
  name: string | null;
  isAdmin: boolean;
}

/** An open session: whose it is, and the CSRF token its forms carry. */
export interface OpenSession {
  user: SessionUser;
  csrf: string;
}

/**
 * Opens a session for `userId`: a fresh token (only its hash is kept) and
 * its own CSRF token. The caller puts the token in the session cookie.
 */
export async function openSession(
  { userId, expiresAt }: { userId: number; expiresAt?: Date },
  db: Executor = getDb(),
): Promise<{ token: string; csrf: string }> {
  const session = newToken();
  const csrf = newToken();
  await db
    .insertInto("sessions")
    .values({
      token_hash: session.hash,
      csrf_token: csrf.token,
      user_id: userId,
      expires_at: expiresAt ?? sql<Date>`now() + ${`${SESSION_TTL_DAYS} days`}::interval`,
    })
    .execute();
  return { token: session.token, csrf: csrf.token };
}

/** The session a token opens, unless it is unknown or has expired. */
export async function findSession({ token }: { token: string }, db: Executor = getDb()): Promise<OpenSession | null> {
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
    user: { id: row.id, email: row.email, name: row.name, isAdmin: env().ADMIN_EMAILS.includes(row.email) },
    csrf: row.csrf_token,
  };
}

/** Moves a session's end (when its cookie is written again). */
export async function renewSession({ token, expiresAt }: { token: string; expiresAt: Date }, db: Executor = getDb()) {
  if (!token) return;
  await db.updateTable("sessions").set({ expires_at: expiresAt }).where("token_hash", "=", hashToken(token)).execute();
}

export async function endSession({ token }: { token: string }, db: Executor = getDb()) {
  if (token) await db.deleteFrom("sessions").where("token_hash", "=", hashToken(token)).execute();
}
