// The baseline for the sign and verify scenarios: a bare node:http server
// with postgres.js, no framework. It parses the same form and makes the
// same reads and writes as the real path (statement and ward lookups, both
// rate-limit upserts, the signature and its outbox row in one transaction;
// for verify, the locked lookup, the update, a count shard and the outbox
// row), with the same connection pool size. It skips what a framework adds:
// routing, Request/Response objects, zod, i18n templates, the query builder.
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

  async function sign(slug: string, form: URLSearchParams, ip: string): Promise<number> {
    const name = (form.get("name") ?? "").trim();
    const email = (form.get("email") ?? "").trim().toLowerCase();
    const ward = form.get("ward") ?? "";
    const display = form.get("display") ?? "";
    if (!name || !/^[^@\s]+@[^@\s]+$/.test(email) || !/^[1-9][0-9]*$/.test(ward) || !["full", "initials", "private"].includes(display))
      return 400;
    const [statement] = await sql`select id, state, ask_ward, jurisdiction_id, title from statements where slug = ${slug}`;
    if (!statement || statement.state !== "open") return 404;
    const [w] = await sql`select id from wards where id = ${Number(ward)} and jurisdiction_id = ${statement.jurisdiction_id}`;
    if (!w) return 400;
    const [byIp] = await sql`
      insert into rate_limits (key, window_start, hits) values (${`sign:ip:${ip}`}, to_timestamp(floor(extract(epoch from now()) / 3600) * 3600), 1)
      on conflict (key, window_start) do update set hits = rate_limits.hits + 1 returning hits`;
    const token = randomBytes(32).toString("base64url");
    await sql.begin(async (trx) => {
      const [row] = await trx`
        insert into signatures (statement_id, email, name, display, updates, locale, client_ip, ward_id, outside_jurisdiction,
                                state, verify_token_hash, verify_expires_at)
        values (${statement.id}, ${email}, ${name}, ${display}, ${form.has("updates")}, 'en', ${ip}, ${w.id}, false,
                'pending', ${hash(token)}, now() + interval '7 days')
        on conflict on constraint signatures_one_per_email do nothing returning id`;
      if (!row) return;
      const [byEmail] = await trx`
        insert into rate_limits (key, window_start, hits) values (${`sign:email:${email}`}, to_timestamp(floor(extract(epoch from now()) / 3600) * 3600), 1)
        on conflict (key, window_start) do update set hits = rate_limits.hits + 1 returning hits`;
      if (byIp.hits > 60 || byEmail.hits > 20) {
        await trx`update signatures set state = 'suspicious', verify_token_hash = null, verify_expires_at = null where id = ${row.id}`;
        return;
      }
      await trx`
        insert into outbox (kind, to_address, subject, text_body)
        values ('signature_verification', ${email}, ${`Please confirm your signature: ${statement.title}`},
                ${`Hello ${name},\n\nConfirm here: http://localhost/signatures/verify?token=${token}\n`})`;
    });
    return 303;
  }

  async function verify(form: URLSearchParams): Promise<number> {
    const token = form.get("token") ?? "";
    return sql.begin(async (trx) => {
      const [s] = await trx`
        select s.id, s.state, s.email, s.name, st.id as statement_id, st.state as statement_state, st.title,
               s.verify_expires_at < now() as expired
        from signatures s join statements st on st.id = s.statement_id
        where s.verify_token_hash = ${hash(token)} for update of s`;
      if (!s || s.state !== "pending" || s.expired || s.statement_state !== "open") return 409;
      const withdraw = randomBytes(32).toString("base64url");
      await trx`update signatures set state = 'verified', verified_at = now(), withdraw_token_hash = ${hash(withdraw)},
                verify_expires_at = null where id = ${s.id}`;
      await trx`
        insert into statement_count_shards (statement_id, shard, verified) values (${s.statement_id}, ${Math.floor(Math.random() * COUNT_SHARDS)}, 1)
        on conflict (statement_id, shard) do update set verified = statement_count_shards.verified + 1`;
      await trx`
        insert into outbox (kind, to_address, subject, text_body)
        values ('signature_confirmation', ${s.email}, ${`Thank you for signing: ${s.title}`},
                ${`Hello ${s.name},\n\nWithdraw here: http://localhost/signatures/withdraw?token=${withdraw}\n`})`;
      return 303;
    });
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
