// The baseline for the sign and verify scenarios: a bare node:http server
// with postgres.js, no framework. It parses the same form and sends the same
// SQL as the app's hot paths (for a new signature: the statement-and-ward
// read, then one statement with both rate-limit upserts, the signature and
// its outbox row; for a confirmation: the token read, then one statement with
// the update, a count shard and the outbox row), with the same pool size. So
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

  // Mirrors findSigningTarget and signNewcomer in app/signing/sign.server.ts.
  async function sign(slug: string, form: URLSearchParams, ip: string): Promise<number> {
    const name = (form.get("name") ?? "").trim();
    const email = (form.get("email") ?? "").trim().toLowerCase();
    const ward = form.get("ward") ?? "";
    const display = form.get("display") ?? "";
    if (!name || !/^[^@\s]+@[^@\s]+$/.test(email) || !/^[1-9][0-9]*$/.test(ward) || !["full", "initials", "private"].includes(display))
      return 400;
    const [statement] = await sql`
      select s.id, s.state, s.ask_ward, s.title,
             (select w.id from wards w where w.id = ${Number(ward)}::int and w.jurisdiction_id = s.jurisdiction_id) as ward_id,
             exists (select 1 from wards w where w.jurisdiction_id = s.jurisdiction_id) as has_wards
      from statements s where s.slug = ${slug}`;
    if (!statement || statement.state !== "open") return 404;
    if (statement.ward_id === null) return 400;
    const token = randomBytes(32).toString("base64url");
    const [row] = await sql`
      with ip as (
        insert into rate_limits (key, window_start, hits) values (${`sign:ip:${ip}`}, to_timestamp(floor(extract(epoch from now()) / 3600) * 3600), 1)
        on conflict (key, window_start) do update set hits = rate_limits.hits + 1
        returning hits
      ), em as (
        insert into rate_limits (key, window_start, hits)
        select ${`sign:email:${email}`}::text, to_timestamp(floor(extract(epoch from now()) / 3600) * 3600), 1 from ip
        where ip.hits <= 60 and not exists (select 1 from signatures where statement_id = ${statement.id} and email = ${email})
        on conflict (key, window_start) do update set hits = rate_limits.hits + 1
        returning hits, window_start
      ), flag as (
        select case when ip.hits > 60 then 'rate_limit:ip' when em.hits > 20 then 'rate_limit:email' end as reason
        from ip left join em on true
      ), ins as (
        insert into signatures (statement_id, email, name, display, updates, locale, client_ip, ward_id, outside_jurisdiction,
                                state, suspicious_reason, verify_token_hash, verify_expires_at)
        select ${statement.id}::int, ${email}::text, ${name}::text, ${display}::text, ${form.has("updates")}::boolean, 'en', ${ip}::text,
               ${statement.ward_id}::int, false,
               case when reason is null then 'pending' else 'suspicious' end, reason,
               case when reason is null then ${hash(token)}::text end,
               case when reason is null then now() + interval '7 days' end
        from flag
        on conflict on constraint signatures_one_per_email do nothing
        returning id, state
      ), mail as (
        insert into outbox (kind, to_address, subject, text_body)
        select 'signature_verification', ${email}::text, ${`Confirm your signature: ${statement.title}`}::text,
               ${`Hello ${name},\n\nConfirm here: http://localhost/signatures/verify?token=${token}\n`}::text
        from ins where state = 'pending'
      )
      select ins.id from ip left join em on true left join ins on true`;
    // An address that had signed takes the app's slower path; the load only sends new ones.
    return row.id === null ? 409 : 303;
  }

  // Mirrors findByVerifyToken and confirmPending in app/signing/verify.server.ts (the shard pick: app/signing/verified-count.server.ts).
  async function verify(form: URLSearchParams): Promise<number> {
    const tokenHash = hash(form.get("token") ?? "");
    const [s] = await sql`
      select s.id, s.state, s.email, s.name, s.display, s.locale, st.id as statement_id, st.state as statement_state, st.slug, st.title,
             s.verify_expires_at < now() as expired
      from signatures s join statements st on st.id = s.statement_id
      where s.verify_token_hash = ${tokenHash}`;
    if (!s || s.state !== "pending" || s.expired || s.statement_state !== "open") return 409;
    const withdraw = randomBytes(32).toString("base64url");
    const [row] = await sql`
      with upd as (
        update signatures set state = 'verified', verified_at = now(), withdraw_token_hash = ${hash(withdraw)}, verify_expires_at = null
        where id = ${s.id} and verify_token_hash = ${tokenHash} and state = 'pending' and verify_expires_at >= now()
          and exists (select 1 from statements where id = ${s.statement_id} and state = 'open')
        returning statement_id
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
        from upd
      )
      select count(*)::int as confirmed from upd`;
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
