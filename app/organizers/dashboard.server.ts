import { sql } from "kysely";
import type { Executor } from "../../db/types";
import { getReadDb } from "~/db.server";
import { csvRow } from "~/utils/csv";
import { DASHBOARD_DAYS, organizerVisibleName, SIGNATURE_EXPORT_HEADER } from "./dashboard";
import { verifiedCount } from "~/signing/verified-count.server";
import type { SignatureState } from "../../db/states";

const DAY_MS = 86_400_000;
const utcDay = (d: Date) => d.toISOString().slice(0, 10);

export interface WardCount {
  kind: "ward" | "outside" | "not_given";
  name: string | null;
  count: number;
}

/**
 * Everything the organizer's dashboard shows about a statement's signatures:
 * counts by state, verified signatures a day (UTC) since the statement
 * opened or over the last `days`, and verified signatures by ward.
 */
export async function campaignStats(
  { statementId, days = DASHBOARD_DAYS, now = new Date() }: { statementId: number; days?: number; now?: Date },
  db: Executor = getReadDb(),
) {
  const statement = await db
    .selectFrom("statements")
    .select(["jurisdiction_id", "opened_at", "published_at"])
    .where("id", "=", statementId)
    .executeTakeFirstOrThrow();

  const [verified, states, wards, byWardRows] = await Promise.all([
    verifiedCount(statementId, db),
    db
      .selectFrom("signatures")
      .select(["state", sql<number>`count(*)::int`.as("n")])
      .where("statement_id", "=", statementId)
      .groupBy("state")
      .execute(),
    db
      .selectFrom("wards")
      .select(["id", "name"])
      .where("jurisdiction_id", "=", statement.jurisdiction_id)
      .orderBy("position")
      .orderBy("name")
      .execute(),
    db
      .selectFrom("signatures")
      .select(["ward_id", "outside_jurisdiction", sql<number>`count(*)::int`.as("n")])
      .where("statement_id", "=", statementId)
      .where("state", "=", "verified")
      .groupBy(["ward_id", "outside_jurisdiction"])
      .execute(),
  ]);

  const byState = Object.fromEntries(states.map((s) => [s.state, s.n])) as Partial<Record<SignatureState, number>>;

  const counted = new Map<number, number>();
  let outside = 0;
  let notGiven = 0;
  const wardIds = new Set(wards.map((w) => w.id));
  for (const row of byWardRows) {
    if (row.outside_jurisdiction) outside += row.n;
    else if (row.ward_id !== null && wardIds.has(row.ward_id)) counted.set(row.ward_id, (counted.get(row.ward_id) ?? 0) + row.n);
    else notGiven += row.n;
  }
  const byWard: WardCount[] = [
    ...wards.map((w) => ({ kind: "ward" as const, name: w.name, count: counted.get(w.id) ?? 0 })),
    { kind: "outside", name: null, count: outside },
    { kind: "not_given", name: null, count: notGiven },
  ];

  const perDay: { day: string; count: number }[] = [];
  const opened = statement.opened_at ?? statement.published_at;
  if (opened) {
    const today = Date.parse(utcDay(now));
    const first = Math.max(today - (days - 1) * DAY_MS, Date.parse(utcDay(new Date(opened))));
    const rows = await db
      .selectFrom("signatures")
      .select([sql<string>`to_char(verified_at at time zone 'UTC', 'YYYY-MM-DD')`.as("day"), sql<number>`count(*)::int`.as("n")])
      .where("statement_id", "=", statementId)
      .where("state", "=", "verified")
      .where("verified_at", ">=", new Date(first))
      .groupBy(sql`to_char(verified_at at time zone 'UTC', 'YYYY-MM-DD')`)
      .execute();
    const byDay = new Map(rows.map((r) => [r.day, r.n]));
    for (let t = first; t <= today; t += DAY_MS) {
      const day = utcDay(new Date(t));
      perDay.push({ day, count: byDay.get(day) ?? 0 });
    }
  }

  return {
    verified,
    pending: byState.pending ?? 0,
    suspicious: byState.suspicious ?? 0,
    withdrawn: byState.withdrawn ?? 0,
    perDay,
    byWard,
  };
}
export type CampaignStats = Awaited<ReturnType<typeof campaignStats>>;

const csvTime = (d: Date | string | null) => (d ? new Date(d).toISOString().replace("T", " ").slice(0, 19) : "");

/**
 * The statement's verified signatures as CSV, a batch at a time so a large
 * statement streams instead of filling memory. Names as the organizer may
 * see them; never an email address (the query does not even select it).
 */
export async function* exportSignaturesCsv(
  { statementId, batchSize = 1000 }: { statementId: number; batchSize?: number },
  db: Executor = getReadDb(),
): AsyncGenerator<string> {
  yield `\uFEFF${csvRow(SIGNATURE_EXPORT_HEADER)}`;
  let after = "0";
  for (;;) {
    const rows = await db
      .selectFrom("signatures")
      .leftJoin("wards", "wards.id", "signatures.ward_id")
      .select([
        "signatures.id",
        "signatures.name",
        "signatures.display",
        "signatures.outside_jurisdiction",
        "signatures.created_at",
        "signatures.verified_at",
        "wards.name as ward",
      ])
      .where("signatures.statement_id", "=", statementId)
      .where("signatures.state", "=", "verified")
      .where("signatures.id", ">", after)
      .orderBy("signatures.id")
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return;
    yield rows
      .map((r) =>
        csvRow([
          organizerVisibleName(r),
          r.display,
          r.outside_jurisdiction ? "Outside the city" : (r.ward ?? ""),
          csvTime(r.created_at),
          csvTime(r.verified_at),
        ]),
      )
      .join("");
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1].id;
  }
}
