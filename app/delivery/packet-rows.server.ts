// The frozen signatures of a delivery, read back in packet order.
import { sql } from "kysely";
import type { Executor } from "../../db/types";
import type { PacketRow } from "./packet-csv";
import type { DisplayChoice } from "../../db/states";

/**
 * Signatures fetched from the cursor at a time. Small batches keep few rows
 * alive at once, so fewer survive into V8's old space and its heap grows
 * less: 5,000 left a million-row packet at 292–306 MB peak RSS, 1,000 at
 * 228–291 MB, about as fast.
 */
const PAGE_ROWS = 1_000;


/**
 * The frozen rows of a delivery in packet order (signature id), streamed
 * from one query through a server-side cursor, a page at a time: memory
 * stays flat however many there are, and unlike a cursor in the driver, the
 * transaction's connection stays free between pages to store the files.
 */
export async function* packetRows(deliveryId: number, trx: Executor): AsyncGenerator<PacketRow[]> {
  if (!trx.isTransaction) throw new Error("packetRows reads through a cursor and needs a transaction");
  const cursor = sql.id(`packet_rows_${deliveryId}`);
  const query = trx
    .selectFrom("delivery_signatures as ds")
    .innerJoin("signatures as s", "s.id", "ds.signature_id")
    .leftJoin("wards as w", "w.id", "s.ward_id")
    // An anonymous signer's name never enters the packet's making at all.
    .select([sql<string>`case when s.display = 'anonymous' then '' else s.name end`.as("name"), "s.display", "s.outside_jurisdiction", "s.verified_at", "w.name as ward"])
    .where("ds.delivery_id", "=", deliveryId)
    .orderBy("ds.signature_id");
  await sql`declare ${cursor} no scroll cursor for ${query}`.execute(trx);
  let position = 0;
  try {
    for (;;) {
      const { rows } = await sql<{ name: string; display: DisplayChoice; outside_jurisdiction: boolean; verified_at: Date; ward: string | null }>`
        fetch ${sql.lit(PAGE_ROWS)} from ${cursor}`.execute(trx);
      if (rows.length === 0) return;
      yield rows.map((r) => ({
        position: ++position,
        name: r.name,
        display: r.display,
        ward: r.outside_jurisdiction ? null : r.ward,
        outsideJurisdiction: r.outside_jurisdiction,
        verifiedAt: new Date(r.verified_at),
      }));
      if (rows.length < PAGE_ROWS) return;
    }
  } finally {
    await sql`close ${cursor}`.execute(trx);
  }
}

