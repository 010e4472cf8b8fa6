import { afterAll } from "vitest";
import { getDb } from "~/db.server";
import { sendStatementUpdate } from "../../app/organizers/updates.server";
import { publishStatement } from "../../app/statements/publish.server";
import { deliverNow } from "./delivery-factories";
import { createJurisdiction, createSession, createStatement, createUser } from "./factories";
import { recordFigures } from "./hostile";
import { officialTokens } from "./roles";
import { createPendingSignature, createVerifiedSignature, latestLink, tokenOf } from "./signature-factories";

/**
 * Something at every form and address the bad-input tests aim at: an open
 * statement with organizers and signers (pending, verified, subscribed),
 * statements in review, a delivered one with an official's link, an admin.
 */
export async function createBadInputWorld() {
  const owner = await createUser();
  const coOrganizer = await createUser();
  const { jurisdiction, wards, officials } = await createJurisdiction({ wards: 3 });
  const officialIds = officials.map((o) => o.id);
  const open = await createStatement({ ownerId: owner.id, jurisdictionId: jurisdiction.id, officialIds });
  await getDb().insertInto("statement_organizers").values({ statement_id: open.id, user_id: coOrganizer.id, role: "co_organizer" }).execute();
  const pending = await createPendingSignature({ slug: open.slug });
  const verified = await createVerifiedSignature({ slug: open.slug });
  const subscriber = await createVerifiedSignature({ slug: open.slug, updates: true });
  await sendStatementUpdate({ statementId: open.id, authorId: owner.id, subject: "News", body: "Thank you" });
  const unsubscribeToken = tokenOf(await latestLink(subscriber.email, "statement-update", "/unsubscribe"));
  const reviews: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = await createStatement({ ownerId: owner.id, jurisdictionId: jurisdiction.id, officialIds, publish: false });
    reviews.push((await publishStatement({ id: s.id, moderation: "required" })).id);
  }
  const admin = await createSession((await createUser({ email: "admin@example.org" })).id);
  const delivered = await createStatement({ ownerId: owner.id, jurisdictionId: jurisdiction.id, officialIds });
  await createVerifiedSignature({ slug: delivered.slug });
  const delivery = await deliverNow({ statementId: delivered.id, userId: owner.id, reason: "manual" });
  const [official] = await officialTokens(delivery.deliveryId);
  return {
    owner,
    ownerSession: await createSession(owner.id),
    admin,
    jurisdiction,
    wards,
    officialIds,
    open,
    reviews,
    delivered,
    tokens: { verify: pending.token, withdraw: verified.withdrawToken, unsubscribe: unsubscribeToken, official },
  };
}
export type BadInputWorld = Awaited<ReturnType<typeof createBadInputWorld>>;

/**
 * Counts every answer by route and status, and records the counts as the
 * file's figures (test-results/figures/<name>.json) after its tests.
 */
export function useAnswerTally(name: string) {
  let tried = 0;
  const served = new Map<string, Map<number, number>>();
  afterAll(async () => {
    await recordFigures(name, { inputsTried: tried, statusesByRoute: Object.fromEntries([...served].map(([r, m]) => [r, Object.fromEntries(m)])) });
  });
  return {
    count(route: string, status: number) {
      tried++;
      const byStatus = served.get(route) ?? new Map<number, number>();
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      served.set(route, byStatus);
    },
    get tried() {
      return tried;
    },
  };
}
