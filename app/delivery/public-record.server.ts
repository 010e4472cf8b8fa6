// The public record of a statement's deliveries, for its public page.
import type { Executor } from "../../db/types";
import { getReadDb } from "~/db.server";
import { publicRead } from "~/statements/public-reads.server";
import { packetHashes, type PacketHashes } from "./manifest";
import { officialsOfDeliveries } from "./official-rows.server";
import type { DeliveryTrigger, Office } from "../../db/states";

export interface PublicDeliveryRecord {
  deliveries: {
    sequence: number;
    deliveredAt: string;
    reason: DeliveryTrigger;
    signatureCount: number;
    hashes: PacketHashes;
    officials: { name: string; office: Office; acknowledgedAt: string | null; respondedAt: string | null; response: string | null }[];
  }[];
}

/** getPublicDeliveryRecord for the public page, up to a second old. */
export function cachedPublicDeliveryRecord({ slug, statementId }: { slug: string; statementId: number }) {
  return publicRead("delivery", slug, () => getPublicDeliveryRecord({ statementId }));
}

/**
 * What the public page shows about deliveries: when, to whom, the manifest
 * hashes and each official's public response. No signer appears here.
 */
export async function getPublicDeliveryRecord({ statementId }: { statementId: number }, db: Executor = getReadDb()): Promise<PublicDeliveryRecord> {
  const deliveries = await db
    .selectFrom("deliveries")
    .select(["id", "sequence", "reason", "delivered_at", "signature_count", "manifest"])
    .where("statement_id", "=", statementId)
    .orderBy("sequence")
    .execute();
  if (deliveries.length === 0) return { deliveries: [] };
  const officials = await officialsOfDeliveries(
    deliveries.map((d) => d.id),
    db,
  )
    .select(["od.delivery_id", "od.official_name", "od.office", "od.acknowledged_at", "od.responded_at", "od.response"])
    .execute();
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return {
    deliveries: deliveries.map((d) => {
      return {
        sequence: d.sequence,
        deliveredAt: iso(d.delivered_at)!,
        reason: d.reason,
        signatureCount: d.signature_count,
        hashes: packetHashes(d.manifest!),
        officials: officials
          .filter((o) => o.delivery_id === d.id)
          .map((o) => ({
            name: o.official_name,
            office: o.office,
            acknowledgedAt: iso(o.acknowledged_at),
            respondedAt: iso(o.responded_at),
            response: o.response,
          })),
      };
    }),
  };
}
