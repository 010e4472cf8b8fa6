import { sql } from "kysely";
import { afterAll, beforeAll } from "vitest";
import { getDb } from "~/db.server";
import type { SignatureInput } from "../../app/signing/sign-input.server";

// What the signing modules' own tests share: a signer's input, the rows and
// mail it leads to, and the APP_URL the emailed links are made from.

/** A valid sign form, as parsed, for a new address each time. */
export const signatureInput = (over: Partial<SignatureInput> = {}): SignatureInput => ({
  name: "Maria Garcia",
  email: `maria-${Math.random().toString(36).slice(2)}@example.org`,
  ward: "outside",
  display: "full",
  updates: false,
  ...over,
});

export const signatureOf = (statementId: number, email: string) =>
  getDb().selectFrom("signatures").selectAll().where("statement_id", "=", statementId).where("email", "=", email).executeTakeFirstOrThrow();

export const mailsTo = (email: string) => getDb().selectFrom("outbox").selectAll().where("to_address", "=", email).orderBy("id").execute();

/** Emailed links point at a local APP_URL for the file's tests. */
export function useLocalAppUrl() {
  beforeAll(() => {
    process.env.APP_URL = "http://localhost:3000";
  });
  afterAll(() => {
    delete process.env.APP_URL;
  });
}

/** Makes every emailed confirmation link of `email`'s signatures expired. */
export const expireLinksOf = (email: string) =>
  getDb()
    .updateTable("signature_submissions")
    .set({ expires_at: sql<Date>`now() - interval '1 second'` })
    .where("signature_id", "in", (eb) => eb.selectFrom("signatures").select("id").where("email", "=", email))
    .execute();
