import { sql } from "kysely";
import type { Transporter } from "nodemailer";
import type { Executor, OutboxAttachment, OutboxRow } from "../../db/types";
import { getDb } from "../db.server";
import { env } from "../env.server";
import { singleton } from "../utils/singleton.server";
import { OUTBOX_MAX_ATTEMPTS, outgoingEmailSchema, retryDelayMs, type OutgoingEmail } from "./outbox";

/**
 * Puts emails in the outbox. Call it with the transaction that makes the
 * change the email is about, so that both happen or neither does.
 */
export async function enqueueEmails(emails: OutgoingEmail[], db: Executor = getDb()): Promise<string[]> {
  if (emails.length === 0) return [];
  const inserted = await db.insertInto("outbox").values(emails.map(outboxRow)).returning("id").execute();
  return inserted.map((r) => r.id);
}

/** The validated outbox row of an email (enqueueEmails inserts these; a hot path may insert one inside a larger statement). */
export function outboxRow(email: OutgoingEmail) {
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

export async function enqueueEmail(email: OutgoingEmail, db: Executor = getDb()): Promise<string> {
  const [id] = await enqueueEmails([email], db);
  return id;
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

export async function markEmailsSent(sent: { id: string; messageId: string | null }[], db: Executor = getDb()) {
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

export async function markEmailFailed(
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

/** Lets a domain react to its own mail: resolve a large attachment, record a send. */
export interface OutboxHooks {
  resolveAttachment?: (ref: { kind: string; id: string }) => Promise<Buffer>;
  afterSend?: (row: OutboxRow) => Promise<void>;
  afterFail?: (row: OutboxRow, outcome: "retry" | "failed", error: string) => Promise<void>;
}

function hooks() {
  return singleton("outboxHooks", () => new Map<string, OutboxHooks>());
}

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
  const info = await transport.sendMail({
    from: env().MAIL_FROM,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body ?? undefined,
    headers: row.headers,
    // A stable Message-ID lets a receiving system recognise a resend after
    // a crash between "accepted by SMTP" and "marked sent".
    messageId: `<outbox-${row.id}@undersigned>`,
    attachments: await attachmentsFor(row),
  });
  return info.messageId ?? null;
}

/** Sends claimed rows in parallel, then records the outcomes (successes in one statement). */
export async function sendBatch(rows: OutboxRow[], transport: Transporter, db: Executor = getDb()) {
  const results = await Promise.all(
    rows.map(async (row) => {
      try {
        return { row, messageId: await deliver(row, transport), error: null };
      } catch (err) {
        return { row, messageId: null, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
  const sent = results.filter((r) => r.error === null);
  await markEmailsSent(sent.map((r) => ({ id: r.row.id, messageId: r.messageId })), db);
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
        if (rows.length) await sendBatch(rows, transport, db);
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
