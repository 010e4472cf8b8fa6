import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { inboxKey } from "../app/mail/email-address";
import { down, up } from "../db/migrations/2026-12-03T1000_inbox_decides";
import { createOpenStatement } from "./support/factories";

// The migration's backfill writes the app's rule (app/mail/email-address.ts)
// in SQL: both must give the same key. Run inside a transaction that is
// rolled back, on rows signed before the rule existed.

class RolledBack extends Error {}

describe("the inbox-key migration", () => {
  it("backfills the key the app computes, and keeps older duplicates of one inbox as they were", async () => {
    const { statement } = await createOpenStatement();
    const addresses = [
      "sameperson@example.org",
      "sameperson+1@example.org",
      "same.person@gmail.com",
      "sameperson+news@googlemail.com",
      "+only@example.org",
      "a+b+c@sub.example.org",
      "x.y@example.org",
    ];
    const seen = await getDb()
      .transaction()
      .execute(async (trx) => {
        await down(trx);
        for (const [i, email] of addresses.entries())
          await sql`insert into signatures (statement_id, email, name, display, state, verified_at)
                    values (${statement.id}, ${email}, ${`Signer ${i}`}, 'full', ${i === 1 ? "verified" : "pending"}, ${i === 1 ? new Date() : null})`.execute(trx);
        await up(trx);
        const rows = await trx.selectFrom("signatures").select(["email", "email_key", "state"]).where("statement_id", "=", statement.id).execute();
        throw Object.assign(new RolledBack(), { rows });
      })
      .catch((e: unknown) => {
        if (e instanceof RolledBack) return (e as RolledBack & { rows: { email: string; email_key: string; state: string }[] }).rows;
        throw e;
      });
    const keyOf = Object.fromEntries(seen.map((r) => [r.email, r.email_key]));
    // The verified one of sameperson@example.org's two rows keeps the key; the other, a key no address has.
    expect(keyOf["sameperson+1@example.org"]).toBe("sameperson@example.org");
    expect(keyOf["sameperson@example.org"]).toMatch(/^sameperson@example\.org#\d+$/);
    expect(keyOf["same.person@gmail.com"]).toBe("sameperson@gmail.com");
    expect(keyOf["sameperson+news@googlemail.com"]).toMatch(/^sameperson@gmail\.com#\d+$/);
    for (const email of ["+only@example.org", "a+b+c@sub.example.org", "x.y@example.org"]) expect(keyOf[email]).toBe(inboxKey(email));
    // Rolled back: the table is as the migrations left it.
    expect(await getDb().selectFrom("signatures").select("id").where("statement_id", "=", statement.id).execute()).toEqual([]);
  });
});
