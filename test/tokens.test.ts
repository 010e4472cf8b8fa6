import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { consumeLoginToken, requestLoginLink } from "../app/organizers/auth.server";
import { getSessionUser, SESSION_COOKIE } from "../app/http/session.server";
import { acknowledgeDelivery, findOfficialDelivery, respondToDelivery } from "../app/delivery/official-side.server";
import { inspectVerification, verifySignature, withdrawSignature } from "../app/signing/verify.server";
import { findUnsubscribeLink, unsubscribeFromUpdates } from "../app/organizers/updates.server";
import { hashToken, newToken, safeEqual } from "~/utils/crypto.server";
import { createWorld, madeUpToken } from "./support/roles";
import { createPendingSignature, createVerifiedSignature } from "./support/signature-factories";
import { expireLinksOf } from "./support/signing-helpers";

// Every secret the app hands out: how random it is, that only its hash is
// kept, how it is compared, whether it works once, and when it expires.

const db = () => getDb();

async function loginToken(email: string) {
  await requestLoginLink({ email, clientIp: `192.0.2.${Math.floor(Math.random() * 250) + 1}` });
  const row = await db().selectFrom("outbox").select("text_body").where("to_address", "=", email).where("kind", "=", "login").orderBy("id", "desc").executeTakeFirstOrThrow();
  return new URL(row.text_body.match(/https?:\/\/\S+/)![0]).searchParams.get("token")!;
}

describe("tokens", () => {
  it("are 256 random bits, never repeat, and are stored only as their SHA-256", async () => {
    const drawn = new Set(Array.from({ length: 10_000 }, () => newToken().token));
    expect(drawn.size).toBe(10_000);
    for (const t of [...drawn].slice(0, 100)) expect(Buffer.from(t, "base64url")).toHaveLength(32);

    const w = await createWorld();
    const login = await loginToken("tokens-login@example.org");
    const issued = {
      login,
      session: w.sessions.owner!.token,
      verify: w.signer.verify,
      withdraw: w.signer.withdraw,
      unsubscribe: w.signer.unsubscribe,
      official: w.official,
    };
    // Every column of every table, except the emails themselves, which must carry the links.
    const columns = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and data_type in ('text', 'jsonb', 'character varying')
        and table_name not in ('outbox', 'dev_mail', 'kysely_migration', 'kysely_migration_lock')`.execute(db());
    expect(columns.rows.length).toBeGreaterThan(20);
    for (const [kind, token] of Object.entries(issued)) {
      expect(token, kind).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const where: string[] = [];
      const hashedIn: string[] = [];
      for (const { table_name, column_name } of columns.rows) {
        const column = sql.ref(`${table_name}.${column_name}`);
        const hit = await sql<{ raw: boolean; hashed: boolean }>`
          select bool_or(${column}::text like ${`%${token}%`}) as raw, bool_or(${column}::text = ${hashToken(token)}) as hashed
          from ${sql.table(table_name)}`.execute(db());
        if (hit.rows[0].raw) where.push(`${table_name}.${column_name}`);
        if (hit.rows[0].hashed) hashedIn.push(`${table_name}.${column_name}`);
      }
      expect(where, `${kind} token stored in the clear`).toEqual([]);
      expect(hashedIn, `${kind} token's hash`).toHaveLength(1);
    }
    // The CSRF token is the one secret kept as is (it is sent back in forms); it is compared in constant time.
    expect(safeEqual(w.sessions.owner!.csrf, w.sessions.owner!.csrf)).toBe(true);
    expect(safeEqual(w.sessions.owner!.csrf, w.sessions.coOrganizer!.csrf)).toBe(false);
    expect(safeEqual(w.sessions.owner!.csrf, w.sessions.owner!.csrf.slice(1))).toBe(false);
    expect(safeEqual("", "")).toBe(true);
  });

  it("work once where they should, and expire", async () => {
    const w = await createWorld();
    const request = (token: string) => new Request("http://x/", { headers: { cookie: `${SESSION_COOKIE}=${token}` } });

    // Sign-in links: once, for 15 minutes.
    const login = await loginToken("tokens-once@example.org");
    const first = await consumeLoginToken({ token: login });
    expect(first.ok).toBe(true);
    expect(await consumeLoginToken({ token: login })).toEqual({ ok: false, reason: "used" });
    const late = await loginToken("tokens-late@example.org");
    await db().updateTable("login_tokens").set({ expires_at: sql`now() - interval '1 second'` }).where("email", "=", "tokens-late@example.org").execute();
    expect(await consumeLoginToken({ token: late })).toEqual({ ok: false, reason: "expired" });
    expect(await consumeLoginToken({ token: madeUpToken() })).toEqual({ ok: false, reason: "invalid" });

    // Sessions: until they expire (30 days).
    const session = first.ok ? first.sessionToken : "";
    expect(await getSessionUser(request(session))).not.toBeNull();
    await db().updateTable("sessions").set({ expires_at: sql`now() - interval '1 second'` }).where("token_hash", "=", hashToken(session)).execute();
    expect(await getSessionUser(request(session))).toBeNull();

    // Verification links: once, for 7 days.
    const slug = w.statements.open.slug;
    expect(await verifySignature({ token: w.signer.verify })).toMatchObject({ status: "ok" });
    expect(await verifySignature({ token: w.signer.verify })).toMatchObject({ status: "used" });
    const pending = await createPendingSignature({ slug });
    await expireLinksOf(pending.email);
    expect(await inspectVerification({ token: pending.token })).toMatchObject({ status: "expired" });
    expect(await verifySignature({ token: pending.token })).toMatchObject({ status: "expired" });

    // Withdrawal links: once; they do not expire (a signer may withdraw at any time until retention erases them).
    const verified = await createVerifiedSignature({ slug });
    expect(await withdrawSignature({ token: verified.withdrawToken })).toMatchObject({ status: "ok" });
    expect(await withdrawSignature({ token: verified.withdrawToken })).toMatchObject({ status: "used" });

    // Unsubscribe links: harmless to use again; they stop working a year after their email.
    expect(await unsubscribeFromUpdates({ token: w.signer.unsubscribe })).toMatchObject({ unsubscribed: true });
    expect(await unsubscribeFromUpdates({ token: w.signer.unsubscribe })).toMatchObject({ unsubscribed: true });
    await db().updateTable("statement_updates").set({ created_at: sql`now() - interval '366 days'`, quiet_until: sql`now() - interval '365 days'` }).where("statement_id", "=", w.statements.open.id).execute();
    expect(await findUnsubscribeLink({ token: w.signer.unsubscribe })).toBeNull();

    // An official's link stays: it is their copy of the public record. Acknowledging is harmless again; responding happens once.
    expect(await acknowledgeDelivery({ token: w.official })).toEqual({ status: "acknowledged" });
    expect(await acknowledgeDelivery({ token: w.official })).toEqual({ status: "already_acknowledged" });
    expect(await respondToDelivery({ token: w.official, response: "Received." })).toEqual({ status: "responded" });
    expect(await respondToDelivery({ token: w.official, response: "Again." })).toEqual({ status: "already_responded" });
    expect(await findOfficialDelivery({ token: w.official })).toBeDefined();
    await expect(findOfficialDelivery({ token: madeUpToken() })).rejects.toMatchObject({ kind: "not_found" });
  });
});
