import { sql } from "kysely";
import { getDb } from "~/db.server";
import { NAME_MAX } from "../../app/signing/signatures";

// Control characters no stored text may hold (line breaks and tabs are
// allowed only where a field is multi-line).
const CONTROL = "[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]";
const CONTROL_OR_BREAK = "[\\x01-\\x1f\\x7f]";

/**
 * What must hold in the database whatever anyone sent: each query returns
 * the rows breaking one rule, so a failure names the rule and the rows.
 */
const INVARIANTS: Record<string, ReturnType<typeof sql>> = {
  "a statement's counter shards add up to its verified signatures": sql`
    select s.id, coalesce((select sum(verified) from statement_count_shards c where c.statement_id = s.id), 0) as shards,
           (select count(*) from signatures g where g.statement_id = s.id and g.state = 'verified') as verified
    from statements s
    where coalesce((select sum(verified) from statement_count_shards c where c.statement_id = s.id), 0)
       <> (select count(*) from signatures g where g.statement_id = s.id and g.state = 'verified')`,
  "signatures belong to statements that took signatures": sql`
    select g.id, s.state from signatures g join statements s on s.id = g.statement_id
    where s.state in ('draft', 'in_review', 'rejected')`,
  "signers' names are clean, NFC, trimmed and within bounds": sql`
    select id, name from signatures
    where anonymized_at is null and (
      name ~ ${CONTROL_OR_BREAK} or name <> btrim(name) or name <> normalize(name, NFC) or name ~ '\\s\\s'
      or char_length(name) not between 1 and ${NAME_MAX})`,
  "signers' email addresses are normalized single addresses": sql`
    select id, email from signatures where email <> lower(btrim(email)) or email !~ '^[^@\\s]+@[^@\\s]+$'`,
  "a pending signature has a live link; a verified one can be withdrawn; a suspicious one says why": sql`
    select id, state from signatures g where anonymized_at is null and (
      (state = 'pending' and not exists (select 1 from signature_submissions u where u.signature_id = g.id))
      or (state = 'verified' and (withdraw_token_hash is null or verified_at is null))
      or (state = 'suspicious' and suspicious_reason is null))`,
  "every pending signature's verification email was queued": sql`
    select g.id from signatures g where g.state = 'pending' and g.anonymized_at is null and not exists (
      select 1 from outbox o where o.to_address = g.email and o.kind = 'signature_verification')`,
  "statements' words hold no control characters": sql`
    select id from statements where title ~ ${CONTROL_OR_BREAK} or summary ~ ${CONTROL} or call_to_residents ~ ${CONTROL}
      or ask_of_officials ~ ${CONTROL} or pledge ~ ${CONTROL} or exists (select 1 from jsonb_array_elements_text(preamble) p where p ~ ${CONTROL})`,
  "web addresses are lower-case words and hyphens": sql`select id, slug from statements where slug !~ '^[a-z0-9]+(-[a-z0-9]+)*$'`,
  "a published statement's hash is the SHA-256 of its canonical text": sql`
    select id from statements where state not in ('draft', 'rejected')
      and (canonical_text is null or version_hash <> encode(sha256(convert_to(canonical_text, 'UTF8')), 'hex'))`,
  "officials, places and wards have clean names and addresses": sql`
    select 'official' as what, id from officials where name ~ ${CONTROL_OR_BREAK} or btrim(name) = '' or email <> lower(btrim(email)) or email !~ '^[^@\\s]+@[^@\\s]+$'
    union all select 'jurisdiction', id from jurisdictions where name ~ ${CONTROL_OR_BREAK} or btrim(name) = ''
    union all select 'ward', id from wards where name ~ ${CONTROL_OR_BREAK} or btrim(name) = ''`,
  "users' addresses are normalized": sql`select id, email from users where email <> lower(btrim(email)) or email !~ '^[^@\\s]+@[^@\\s]+$'`,
  "queued mail goes to one address with a one-line subject": sql`
    select id from outbox where to_address ~ '[\\r\\n,;<>]' or subject ~ ${CONTROL_OR_BREAK} or to_address !~ '^[^@\\s]+@[^@\\s]+$'`,
  "updates have a one-line subject and a body": sql`select id from statement_updates where subject ~ ${CONTROL_OR_BREAK} or btrim(body) = ''`,
};

/** The rules broken, with up to five offending rows each; empty when all hold. */
export async function brokenInvariants(): Promise<Record<string, unknown[]>> {
  const broken: Record<string, unknown[]> = {};
  for (const [rule, query] of Object.entries(INVARIANTS)) {
    const { rows } = await query.execute(getDb());
    if (rows.length) broken[rule] = rows.slice(0, 5);
  }
  return broken;
}
