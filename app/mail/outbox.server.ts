import { sql, type RawBuilder } from "kysely";
import type { Transporter } from "nodemailer";
import type { Executor, OutboxAttachment, OutboxRow } from "../../db/types";
import { getDb } from "~/db.server";
import { env } from "~/env.server";
import { OUTBOX_MAX_ATTEMPTS, outgoingEmailSchema, retryDelayMs, type OutgoingEmail } from "./outbox";

// Every outbox row is written here: enqueueEmails for emails built in code,
// outboxInsertSql for one email queued inside a larger SQL statement.

/**
 * Puts emails in the outbox. Call it with the transaction that makes the
 * change the email is about, so that both happen or neither does.
 */
export async function enqueueEmails(emails: OutgoingEmail[], db: Executor = getDb()): Promise<string[]> {
  if (emails.length === 0) return [];
  const inserted = await db.insertInto("outbox").values(emails.map(outboxRow)).returning("id").execute();
  return inserted.map((r) => r.id);
}

export async function enqueueEmail(email: OutgoingEmail, db: Executor = getDb()): Promise<string> {
  const [id] = await enqueueEmails([email], db);
  return id;
}

/** The validated outbox row of an email. */
function outboxRow(email: OutgoingEmail) {
  const e = outgoingEmailSchema.parse(email);
  return {
    kind: e.kind,
    to_address: e.to,
    subject: e.subject,
    text_body: e.text,
    html_body: e.html ?? null,
    headers: e.headers ?? {},
    attachments: e.attachments ?? [],
  };
}

/** An email whose address is read from a column of `from` (e.g. "email" of signatures), one row each. */
export type EmailToColumn = Omit<OutgoingEmail, "to"> & { to: { column: string } };

/**
 * `insert into outbox (…) select … from <from>`: queues an email inside a
 * larger statement (a CTE of the sign path, so a signature and its email are
 * one round trip) or to every row `from` yields. Without `from`, one row. The
 * email is validated here like any other; only the columns it uses are named,
 * so the hot path's statement stays as small as it was.
 */
export function outboxInsertSql(email: OutgoingEmail | EmailToColumn, from?: RawBuilder<unknown>): RawBuilder<unknown> {
  const toColumn = typeof email.to === "object" ? email.to.column : null;
  // A placeholder address stands in for a column's, which was checked when it was stored.
  const row = outboxRow({ ...email, to: toColumn === null ? (email.to as string) : "column@example.org" });
  const set: [column: RawBuilder<unknown>, value: RawBuilder<unknown>][] = [
    [sql`kind`, sql`${row.kind}::text`],
    [sql`to_address`, toColumn === null ? sql`${row.to_address}::text` : sql.ref(toColumn)],
    [sql`subject`, sql`${row.subject}::text`],
    [sql`text_body`, sql`${row.text_body}::text`],
  ];
  if (row.html_body !== null) set.push([sql`html_body`, sql`${row.html_body}::text`]);
  if (Object.keys(row.headers).length) set.push([sql`headers`, sql`${row.headers}::jsonb`]);
  if (row.attachments.length) set.push([sql`attachments`, sql`${row.attachments}::jsonb`]);
  const columns = sql.join(set.map(([c]) => c));
  const values = sql.join(set.map(([, v]) => v));
  return sql`insert into outbox (${columns}) select ${values}${from ? sql` from ${from}` : sql``}`;
}

/**
 * Leases due messages to one worker. SKIP LOCKED lets any number of workers,
 * on any number of machines, claim from the same table without waiting on
 * or double-sending each other's rows; the lease returns a row to the pool if
 * its worker dies mid-send.
 */
export async function claimDueEmails(
  { limit = 50, leaseMs = 60_000 }: { limit?: number; leaseMs?: number } = {},
  db: Executor = getDb(),
): Promise<OutboxRow[]> {
  return db
    .updateTable("outbox")
    .set({
      locked_until: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
      attempts: sql`attempts + 1`,
    })
    .where("id", "in", (qb) =>
      qb
        .selectFrom("outbox")
        .select("id")
        .where("state", "=", "pending")
        .where("next_attempt_at", "<=", sql<Date>`now()`)
        .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", sql<Date>`now()`)]))
        .orderBy("next_attempt_at")
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

async function markEmailsSent(sent: { id: string; messageId: string | null }[], db: Executor = getDb()) {
  if (sent.length === 0) return;
  // One statement for a whole batch: a commit per message would cost more than the SMTP send.
  await db
    .updateTable("outbox")
    .from(
      sql<{ id: string; message_id: string | null }>`(select * from unnest(${sql.val(sent.map((s) => s.id))}::bigint[], ${sql.val(sent.map((s) => s.messageId))}::text[]) as t(id, message_id))`.as("s"),
    )
    .set({ state: "sent", sent_at: sql`now()`, locked_until: null, last_error: null, message_id: sql`s.message_id` })
    .whereRef("outbox.id", "=", "s.id")
    .execute();
}

async function markEmailFailed(
  { id, attempts, error }: { id: string; attempts: number; error: string },
  db: Executor = getDb(),
): Promise<"retry" | "failed"> {
  const giveUp = attempts >= OUTBOX_MAX_ATTEMPTS;
  await db
    .updateTable("outbox")
    .set({
      state: giveUp ? "failed" : "pending",
      last_error: error.slice(0, 1000),
      locked_until: null,
      next_attempt_at: sql`now() + ${`${retryDelayMs(attempts)} milliseconds`}::interval`,
    })
    .where("id", "=", id)
    .execute();
  return giveUp ? "failed" : "retry";
}

/**
 * How the mail is doing, for /healthz: messages waiting (and how long the
 * oldest has waited: a relay that stays down shows up here) and messages
 * given up on. Each count reads a partial index only.
 */
export async function outboxHealth(db: Executor = getDb()) {
  const [pending, failed] = await Promise.all([
    db
      .selectFrom("outbox")
      .select([
        sql<number>`count(*)::int`.as("n"),
        sql<number>`coalesce(floor(extract(epoch from now() - min(created_at))), 0)::int`.as("oldest"),
      ])
      .where("state", "=", "pending")
      .executeTakeFirstOrThrow(),
    db.selectFrom("outbox").select(sql<number>`count(*)::int`.as("n")).where("state", "=", "failed").executeTakeFirstOrThrow(),
  ]);
  return { pending: pending.n, oldestPendingSeconds: pending.oldest, failed: failed.n };
}

/** Lets a domain react to its own mail: resolve a large attachment, record a send. */
export interface OutboxHooks {
  resolveAttachment?: (ref: { kind: string; id: string }) => Promise<Buffer>;
  afterSend?: (row: OutboxRow) => Promise<void>;
  afterFail?: (row: OutboxRow, outcome: "retry" | "failed", error: string) => Promise<void>;
  /** Writes the subject and text when the email is sent (a receipt's proof is computed then): the row holds a stand-in. */
  compose?: (row: OutboxRow) => Promise<{ subject: string; text: string }>;
}

// Registered by the process that runs the worker (registerDeliveryBackground),
// in the same copy of the app as the worker that reads them.
const registered = new Map<string, OutboxHooks>();
const hooks = () => registered;

export function registerOutboxHooks(kind: string, h: OutboxHooks) {
  hooks().set(kind, h);
}

async function attachmentsFor(row: OutboxRow) {
  const list: OutboxAttachment[] = row.attachments ?? [];
  const out = [];
  for (const a of list) {
    let content: Buffer;
    if (a.base64 !== undefined) content = Buffer.from(a.base64, "base64");
    else if (a.ref) {
      const resolve = hooks().get(row.kind)?.resolveAttachment;
      if (!resolve) throw new Error(`no attachment resolver for ${row.kind}`);
      content = await resolve(a.ref);
    } else continue;
    out.push({ filename: a.filename, contentType: a.contentType, content });
  }
  return out;
}

async function deliver(row: OutboxRow, transport: Transporter) {
  const composed = await hooks().get(row.kind)?.compose?.(row);
  const info = await transport.sendMail({
    from: env().MAIL_FROM,
    to: row.to_address,
    subject: composed?.subject ?? row.subject,
    text: composed?.text ?? row.text_body,
    html: row.html_body ?? undefined,
    headers: row.headers,
    // A stable Message-ID lets a receiving system recognise a resend after
    // a crash between "accepted by SMTP" and "marked sent".
    messageId: `<outbox-${row.id}@undersigned>`,
    attachments: await attachmentsFor(row),
  });
  return info.messageId ?? null;
}

/**
 * Records sends as they are accepted, coalescing whatever arrives while one
 * UPDATE is in flight into the next. A message the SMTP server accepted but
 * we did not yet record is sent again after a crash (decision 0001): marking
 * each message as soon as it is accepted keeps that window to about one
 * database round trip, where marking a batch at its end held every message
 * of the batch in it, while under load the marks still go many to a statement.
 */
function sentMarker(db: Executor, recordBy: number) {
  let waiting: { id: string; messageId: string | null }[] = [];
  let next: Promise<void> | null = null;
  let previous: Promise<void> = Promise.resolve();
  return (sent: { id: string; messageId: string | null }): Promise<void> => {
    waiting.push(sent);
    if (!next) {
      next = previous.then(() => {
        const batch = waiting;
        waiting = [];
        next = null;
        return recordPersistently(() => markEmailsSent(batch, db), recordBy);
      });
      previous = next.catch(() => {});
    }
    return next;
  };
}

/**
 * These messages are gone: if the database is away for a moment, keep
 * trying to record it rather than let the lease hand them to another send.
 * Gives up only when the lease is about to run out anyway.
 */
async function recordPersistently(record: () => Promise<void>, recordBy: number) {
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await record();
    } catch (e) {
      if (Date.now() + wait >= recordBy) throw e;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * Sends claimed rows in parallel, recording each success as soon as SMTP
 * accepts it. `leaseMs` is how long the claim lasts (claimDueEmails).
 */
async function sendBatch(rows: OutboxRow[], transport: Transporter, db: Executor = getDb(), { leaseMs = 60_000 } = {}) {
  const markSent = sentMarker(db, Date.now() + leaseMs - 1_000);
  const settled = await Promise.allSettled(
    rows.map(async (row) => {
      let messageId: string | null;
      try {
        messageId = await deliver(row, transport);
      } catch (err) {
        return { row, error: err instanceof Error ? err.message : String(err) };
      }
      await markSent({ id: row.id, messageId });
      return { row, error: null };
    }),
  );
  // Recording a send failed (the database went away): the lease returns those rows to the pool.
  const unrecorded = settled.find((r) => r.status === "rejected");
  if (unrecorded) throw (unrecorded as PromiseRejectedResult).reason;
  const results = settled.map((r) => (r as PromiseFulfilledResult<{ row: OutboxRow; error: string | null }>).value);
  const sent = results.filter((r) => r.error === null);
  const outcomes = new Map<string, "sent" | "retry" | "failed">();
  for (const r of sent) {
    outcomes.set(r.row.id, "sent");
    await hooks().get(r.row.kind)?.afterSend?.(r.row);
  }
  for (const r of results) {
    if (r.error === null) continue;
    const outcome = await markEmailFailed({ id: r.row.id, attempts: r.row.attempts, error: r.error }, db);
    outcomes.set(r.row.id, outcome);
    await hooks().get(r.row.kind)?.afterFail?.(r.row, outcome, r.error);
  }
  return outcomes;
}

export async function sendOne(row: OutboxRow, transport: Transporter, db: Executor = getDb()) {
  return (await sendBatch([row], transport, db)).get(row.id)!;
}

export interface OutboxWorker {
  stop(): Promise<void>;
  /** Resolves once nothing is due (used by tests and the bench). */
  drained(): Promise<void>;
}

/**
 * Polls the outbox and sends. Several of these may run against one database.
 */
export function startOutboxWorker({
  transport,
  db = getDb(),
  batchSize = 100,
  concurrency = 2,
  idleMs = 200,
  leaseMs = 60_000,
  onError = (e: unknown) => console.error("outbox:", e instanceof Error ? e.message : e),
}: {
  transport: Transporter;
  db?: Executor;
  batchSize?: number;
  /** Claim loops in this worker: one claims and records while another sends. */
  concurrency?: number;
  idleMs?: number;
  leaseMs?: number;
  onError?: (e: unknown) => void;
}): OutboxWorker {
  let running = true;
  const wakers = new Set<() => void>();
  let idleWaiters: (() => void)[] = [];

  const loop = async () => {
    while (running) {
      let claimed = 0;
      try {
        const rows = await claimDueEmails({ limit: batchSize, leaseMs }, db);
        claimed = rows.length;
        if (rows.length) await sendBatch(rows, transport, db, { leaseMs });
      } catch (e) {
        onError(e);
      }
      if (claimed === 0) {
        idleWaiters.forEach((w) => w());
        idleWaiters = [];
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(t);
            wakers.delete(wake);
            resolve();
          };
          const t = setTimeout(wake, idleMs);
          wakers.add(wake);
        });
      }
    }
  };
  const loops = Promise.all(Array.from({ length: concurrency }, loop));

  return {
    async stop() {
      running = false;
      wakers.forEach((wake) => wake());
      await loops;
    },
    drained() {
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
