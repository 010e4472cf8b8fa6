// The organizer's delivery board: every delivery, each official's progress
// (sent, failed and why, acknowledged, responded), and what is left to deliver.
import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getDb } from "~/db.server";
import { officialCopyColumns, officialsOfDeliveries } from "./official-rows.server";

/** Everything the organizer's delivery page shows. */
export async function getDeliveryBoard({ statementId }: { statementId: number }, db: Executor = getDb()) {
  const deliveries = await db
    .selectFrom("deliveries")
    .select(["id", "sequence", "reason", "delivered_at", "signature_count", "packet_sha256"])
    .where("statement_id", "=", statementId)
    .orderBy("sequence", "desc")
    .execute();
  const officials = deliveries.length
    ? await officialsOfDeliveries(
        deliveries.map((d) => d.id),
        db,
      )
        .select([
          ...officialCopyColumns,
          "od.attempts",
          "od.last_error",
          "od.failure_reason",
          "od.sent_at",
          "od.acknowledged_at",
          "od.responded_at",
        ])
        .execute()
    : [];
  const verified = await db
    .selectFrom("signatures as s")
    .select([
      sql<number>`count(*)::int`.as("verified"),
      sql<number>`count(*) filter (where not exists (select 1 from delivery_signatures ds where ds.signature_id = s.id))::int`.as("undelivered"),
    ])
    .where("s.statement_id", "=", statementId)
    .where("s.state", "=", "verified")
    .executeTakeFirstOrThrow();
  return {
    ...verified,
    nextSequence: (deliveries[0]?.sequence ?? 0) + 1,
    deliveries: deliveries.map((d) => ({
      ...d,
      delivered_at: new Date(d.delivered_at).toISOString(),
      officials: officials
        .filter((o) => o.delivery_id === d.id)
        .map((o) => ({
          ...o,
          sent_at: o.sent_at ? new Date(o.sent_at).toISOString() : null,
          acknowledged_at: o.acknowledged_at ? new Date(o.acknowledged_at).toISOString() : null,
          responded_at: o.responded_at ? new Date(o.responded_at).toISOString() : null,
        })),
    })),
  };
}
