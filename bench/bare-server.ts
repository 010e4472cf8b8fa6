// The baseline for the sign and verify scenarios: a bare node:http server
// with postgres.js, no framework. It parses the same form and sends the same
// SQL as the app's hot paths (for a new signature: the statement-and-ward
// read, then one statement with both rate-limit upserts, the signature, its
// submission and its outbox row; for a confirmation: the token read, then one
// statement with the updates, a count shard and the outbox row), with the same pool size. So
// the ratio is what the stack costs: routing, Request/Response objects, zod,
// i18n templates, the query builder.
import cluster from "node:cluster";
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import postgres from "postgres";

const processes = Number(process.env.BARE_PROCESSES ?? "1");

if (cluster.isPrimary && processes > 1) {
  for (let i = 0; i < processes; i++) cluster.fork();
  process.on("SIGTERM", () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    process.exit(0);
  });
} else {
  const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });
  const hash = (token: string) => createHash("sha256").update(token).digest("hex");
  const COUNT_SHARDS = 16;

  const readBody = async (req: http.IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  };

  // Mirrors findSigningTarget and submit in app/signing/sign.server.ts.
  async function sign(slug: string, form: URLSearchParams, ip: string): Promise<number> {
    const name = (form.get("name") ?? "").trim();
    const email = (form.get("email") ?? "").trim().toLowerCase();
    const ward = form.get("ward") ?? "";
    const display = form.get("display") ?? "";
    if (!name || !/^[^@\s]+@[^@\s]+$/.test(email) || !/^[1-9][0-9]*$/.test(ward) || !["full", "initials", "private"].includes(display))
      return 400;
    const [statement] = await sql`
      select s.id, case when s.state = 'open' and s.deadline <= now() and s.delivery_trigger <> 'deadline' then 'closed' else s.state end as state, s.ask_ward, s.title, s.title_es, j.name as jurisdiction, w.id as ward_id, w.name as ward_name,
             exists (select 1 from wards x where x.jurisdiction_id = s.jurisdiction_id) as has_wards
      from statements s join jurisdictions j on j.id = s.jurisdiction_id
      left join wards w on w.id = ${Number(ward)}::int and w.jurisdiction_id = s.jurisdiction_id
      where s.slug = ${slug}`;
    if (!statement || statement.state !== "open") return 404;
    if (statement.ward_id === null) return 400;
    const token = randomBytes(32).toString("base64url");
    const [row] = await sql`
      with ip as (
        insert into rate_limits (key, window_start, hits) values (${`sign:ip:${ip}`}, to_timestamp(floor(extract(epoch from now()) / 3600) * 3600), 1)
        on conflict (key, window_start) do update set hits = rate_limits.hits + 1
        returning hits
      ), old as (
        select id, state, state in ('pending', 'verified') and (verification_sends >= 5 or last_sent_at > now() - interval '60 seconds') as resend_limited
        from signatures where statement_id = ${statement.id} and email_key = ${email} for update
      ), em as (
        insert into rate_limits (key, window_start, hits)
        select ${`sign:email:${email}`}::text, to_timestamp(floor(extract(epoch from now()) / 3600) * 3600), 1 from ip
        where ip.hits <= 60 and not exists (select 1 from old where state in ('pending', 'verified'))
        on conflict (key, window_start) do update set hits = rate_limits.hits + 1
        returning hits
      ), act as (
        select old.id as old_id, old.state as prior, old.resend_limited,
               case when ip.hits > 60 then 'rate_limit:ip' when em.hits > 20 then 'rate_limit:email' end as reason
        from ip left join em on true left join old on true
      ), ins as (
        insert into signatures (statement_id, email, email_key, name, display, updates, locale, client_ip, ward_id, outside_jurisdiction,
                                state, suspicious_reason)
        select ${statement.id}::int, ${email}::text, ${email}::text, ${name}::text, ${display}::text, ${form.has("updates")}::boolean, 'en', ${ip}::text,
               ${statement.ward_id}::int, false, case when reason is null then 'pending' else 'suspicious' end, reason
        from act where old_id is null
        on conflict (statement_id, email_key) do nothing
        returning id, state
      ), upd as (
        update signatures set verification_sends = verification_sends + 1, last_sent_at = now()
        from act where signatures.id = act.old_id and act.reason is null and not act.resend_limited
        returning signatures.id, act.prior = 'verified' as change
      ), target as (
        select id, false as change from ins where state = 'pending' union all select id, change from upd
      ), sub as (
        insert into signature_submissions (signature_id, token_hash, name, ward_id, outside_jurisdiction, display, updates, locale, expires_at)
        select id, ${hash(token)}::text, ${name}::text, ${statement.ward_id}::int, false, ${display}::text, ${form.has("updates")}::boolean, 'en',
               now() + interval '7 days'
        from target
      ), verify_mail as (
        insert into outbox (kind, to_address, subject, text_body)
        select 'signature_verification', ${email}::text, ${`Confirm your signature: ${statement.title}`}::text,
               ${`Hello ${name},\n\nConfirm here: http://localhost/signatures/verify?token=${token}\n`}::text
        from target where not change
      ), change_mail as (
        insert into outbox (kind, to_address, subject, text_body)
        select 'signature_change', ${email}::text, ${`Change how you signed? ${statement.title}`}::text,
               ${`Hello,\n\nConfirm here: http://localhost/signatures/verify?token=${token}\n`}::text
        from target where change
      )
      select (select id from ins) as id`;
    // An address that had signed takes the app's slower path; the load only sends new ones.
    return row.id === null ? 409 : 303;
  }

  // Mirrors findSubmission and confirmSubmission in app/signing/verify.server.ts (the shard pick: app/signing/verified-count.server.ts).
  async function verify(form: URLSearchParams): Promise<number> {
    const tokenHash = hash(form.get("token") ?? "");
    const [s] = await sql`
      select u.id as submission_id, s.id, s.state, s.email, u.name, u.display, u.locale, u.applied_at is not null as applied,
             st.id as statement_id, st.state as statement_state, st.slug, st.title, j.name as jurisdiction, w.name as ward,
             u.expires_at < now() as expired
      from signature_submissions u join signatures s on s.id = u.signature_id join statements st on st.id = s.statement_id
      join jurisdictions j on j.id = st.jurisdiction_id left join wards w on w.id = u.ward_id
      where u.token_hash = ${tokenHash}`;
    if (!s || s.applied || s.expired || s.statement_state !== "open") return 409;
    const withdraw = randomBytes(32).toString("base64url");
    const [row] = await sql`
      with sub as (
        update signature_submissions set applied_at = now()
        where id = ${s.submission_id} and applied_at is null and expires_at >= now()
          and exists (select 1 from statements where id = ${s.statement_id} and state = 'open')
        returning signature_id, name, display, updates, locale, ward_id, outside_jurisdiction
      ), prior as (
        select id, state from signatures where id = ${s.id} and anonymized_at is null for update
      ), applied as (
        update signatures g
        set name = sub.name, display = sub.display, updates = sub.updates, locale = sub.locale, ward_id = sub.ward_id,
            outside_jurisdiction = sub.outside_jurisdiction, state = 'verified',
            verified_at = case when prior.state = 'verified' then g.verified_at else now() end,
            withdrawn_at = null, suspicious_reason = null, withdraw_token_hash = ${hash(withdraw)},
            unsubscribed_at = case when sub.updates then null else g.unsubscribed_at end, verification_sends = 0
        from sub, prior where g.id = sub.signature_id and prior.id = g.id
        returning g.statement_id, prior.state <> 'verified' as newly
      ), settled as (
        delete from signature_submissions where signature_id = ${s.id} and id < ${s.submission_id} and exists (select 1 from applied)
      ), upd as (
        select statement_id from applied where newly
      ), free as (
        select shard from statement_count_shards
        where statement_id = ${s.statement_id} and exists (select 1 from upd)
        order by (shard + ${Math.floor(Math.random() * COUNT_SHARDS)}) % ${COUNT_SHARDS} limit 1 for update skip locked
      ), fresh as (
        select s as shard from generate_series(${COUNT_SHARDS}::int, ${4 * COUNT_SHARDS - 1}::int) as s
        where exists (select 1 from upd) and not exists (select 1 from free)
          and not exists (select 1 from statement_count_shards c where c.statement_id = ${s.statement_id} and c.shard = s)
        order by random() limit 1
      ), bump as (
        insert into statement_count_shards (statement_id, shard, verified)
        select statement_id, coalesce((select shard from free), (select shard::smallint from fresh), ${Math.floor(Math.random() * 4 * COUNT_SHARDS)}::smallint), 1 from upd
        on conflict (statement_id, shard) do update set verified = statement_count_shards.verified + 1
      ), mail as (
        insert into outbox (kind, to_address, subject, text_body)
        select 'signature_confirmation', ${s.email}::text, ${`Thank you for signing: ${s.title}`}::text,
               ${`Hello ${s.name},\n\nWithdraw here: http://localhost/signatures/withdraw?token=${withdraw}\n`}::text
        from applied
      )
      select count(*)::int as confirmed from applied`;
    return row.confirmed === 1 ? 303 : 409;
  }

  http
    .createServer(async (req, res) => {
      try {
        const url = new URL(req.url ?? "/", "http://localhost");
        if (req.method === "GET" && url.pathname === "/ready") return res.end("ok");
        const ip = String(req.headers["x-forwarded-for"] ?? req.socket.remoteAddress);
        const sign_ = url.pathname.match(/^\/statements\/([^/]+)$/);
        let status = 404;
        if (req.method === "POST" && sign_) status = await sign(sign_[1], new URLSearchParams(await readBody(req)), ip);
        else if (req.method === "POST" && url.pathname === "/signatures/verify") status = await verify(new URLSearchParams(await readBody(req)));
        res.statusCode = status;
        if (status === 303) res.setHeader("Location", "/done");
        res.end();
      } catch (e) {
        console.error(e);
        res.statusCode = 500;
        res.end();
      }
    })
    .listen(Number(process.env.PORT));
  process.on("SIGTERM", () => void sql.end({ timeout: 1 }).then(() => process.exit(0)));
}
