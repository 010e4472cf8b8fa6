// Queries over officials' copies of deliveries (official_deliveries) that
// several readers share: the official's email and page, the board, the record.
import type { Executor } from "../../db/types";
import { inOfficialOrder } from "~/officials/office-rank.server";

/** Each official's copy with its delivery, statement, jurisdiction and ward: what their email and page show. */
export function officialCopies(db: Executor) {
  return db
    .selectFrom("official_deliveries as od")
    .innerJoin("deliveries as d", "d.id", "od.delivery_id")
    .innerJoin("statements as s", "s.id", "d.statement_id")
    .innerJoin("jurisdictions as j", "j.id", "s.jurisdiction_id")
    .leftJoin("wards as w", "w.id", "od.ward_id");
}

/** The officials of these deliveries, listed as the statement page lists its officials. */
export function officialsOfDeliveries(deliveryIds: number[], db: Executor) {
  return db
    .selectFrom("official_deliveries as od")
    .leftJoin("wards as w", "w.id", "od.ward_id")
    .where("od.delivery_id", "in", deliveryIds)
    .$call(inOfficialOrder({ office: "od.office", wardPosition: "w.position", name: "od.official_name" }))
    .orderBy("od.id");
}

/** The columns naming an official's copy and its state, which every reader of copies selects. */
export const officialCopyColumns = ["od.id", "od.delivery_id", "od.official_name", "od.office", "od.state"] as const;
