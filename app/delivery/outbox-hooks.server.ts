// What the outbox worker needs from delivery (registered by
// registerDeliveryBackground): the packet files to attach when an official's
// email is sent, and the official's row kept in step with the send.
import { sql } from "kysely";
import type { Executor, OutboxRow } from "../../db/types";
import { getDb } from "~/db.server";
import { PACKET_FILE_REF, readPacketFile } from "./packet-files.server";

export async function resolvePacketAttachment(ref: { kind: string; id: string }): Promise<Buffer> {
  if (ref.kind !== PACKET_FILE_REF) throw new Error(`unknown attachment reference ${ref.kind}`);
  return readPacketFile(Number(ref.id));
}

export async function recordOfficialEmailSent(row: OutboxRow, db: Executor = getDb()) {
  await db
    .updateTable("official_deliveries")
    .set({ state: "sent", sent_at: sql`now()`, attempts: row.attempts, last_error: null })
    .where("outbox_id", "=", row.id)
    .where("state", "in", ["queued", "failed"])
    .execute();
}

export async function recordOfficialEmailFailure(row: OutboxRow, outcome: "retry" | "failed", error: string, db: Executor = getDb()) {
  await db
    .updateTable("official_deliveries")
    .set({
      attempts: row.attempts,
      last_error: error.slice(0, 500),
      ...(outcome === "failed" ? { state: "failed" as const, failure_reason: error.slice(0, 500) } : {}),
    })
    .where("outbox_id", "=", row.id)
    .where("state", "=", "queued")
    .execute();
}
