import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "../db/types";
import { seedDemo } from "../server/seed";
import { COUNT_SHARDS } from "../app/signing/verified-count.server";

/**
 * An open statement for one scenario, copied from the seeded demo statement
 * (same text, wards and officials) under its own slug, so every scenario and
 * baseline counts its own rows.
 */
export async function createBenchStatement(db: DB, slug: string) {
  await seedDemo(db);
  const demo = await db.selectFrom("statements").select("id").where("state", "=", "open").orderBy("id").executeTakeFirstOrThrow();
  // Copied as a draft, given its officials, then opened: published statements' officials are frozen.
  const created = await sql<{ id: number; jurisdiction_id: number }>`
    insert into statements (slug, state, jurisdiction_id, template, title, summary, preamble, call_to_residents,
                            ask_of_officials, pledge, goal, deadline, ask_ward)
    select ${slug}, 'draft', jurisdiction_id, template, title, summary, preamble, call_to_residents,
           ask_of_officials, pledge, goal, deadline, ask_ward
    from statements where id = ${demo.id}
    returning id, jurisdiction_id`.execute(db);
  const statement = created.rows[0];
  await sql`insert into statement_officials (statement_id, official_id)
            select ${statement.id}, official_id from statement_officials where statement_id = ${demo.id}`.execute(db);
  await sql`update statements s set state = 'open', version_hash = d.version_hash, canonical_text = d.canonical_text,
                   published_at = d.published_at, opened_at = d.opened_at
            from statements d where d.id = ${demo.id} and s.id = ${statement.id}`.execute(db);
  // As publishing does: the verified count's shard rows.
  await sql`insert into statement_count_shards (statement_id, shard, verified)
            select ${statement.id}, shard, 0 from generate_series(0, ${COUNT_SHARDS - 1}) as shard`.execute(db);
  const wards = await db.selectFrom("wards").select("id").where("jurisdiction_id", "=", statement.jurisdiction_id).orderBy("position").execute();
  return { id: statement.id, slug, wardIds: wards.map((w) => w.id) };
}

/**
 * `count` pending signatures with known verification tokens, inserted in
 * bulk (the sign path itself is measured by the sign scenario): each with
 * its submission, the choices its link applies (app/signing/sign.server.ts).
 */
export async function createPendingSignatures(db: DB, statement: { id: number; wardIds: number[] }, count: number, prefix: string) {
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 5000) {
    const rows: { statement_id: number; state: "pending"; name: string; email: string; email_key: string; ward_id: number; display: "initials" }[] = [];
    const hashes: string[] = [];
    for (let j = i; j < Math.min(count, i + 5000); j++) {
      const token = randomBytes(32).toString("base64url");
      tokens.push(token);
      hashes.push(createHash("sha256").update(token).digest("hex"));
      const email = `${prefix}-${j}@bench.example`;
      rows.push({
        statement_id: statement.id,
        state: "pending",
        name: `Verifier ${j}`,
        email,
        email_key: email,
        ward_id: statement.wardIds[j % statement.wardIds.length],
        display: "initials",
      });
    }
    const ids = await db.insertInto("signatures").values(rows).returning("id").execute();
    await db
      .insertInto("signature_submissions")
      .values(
        ids.map(({ id }, k) => ({
          signature_id: id,
          token_hash: hashes[k],
          name: rows[k].name,
          ward_id: rows[k].ward_id,
          outside_jurisdiction: false,
          display: rows[k].display,
          updates: false,
          locale: "en" as const,
          expires_at: sql<Date>`now() + interval '7 days'`,
        })),
      )
      .execute();
  }
  return tokens;
}
