import { randomBytes } from "node:crypto";
import { getDb } from "~/db.server";
import { deliverStatement } from "../../app/delivery/deliver.server";
import { sendStatementUpdate } from "../../app/organizers/updates.server";
import { publishStatement } from "../../app/statements/publish.server";
import { addVerifiedSignatures } from "./delivery-factories";
import { createJurisdiction, createSession, createStatement, createUser } from "./factories";
import { createPendingSignature, createVerifiedSignature, latestLink, tokenOf } from "./signature-factories";

export const ROLES = ["anonymous", "signer", "owner", "coOrganizer", "otherOrganizer", "official", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** A token of the right shape that was never issued: what someone without the link can try. */
export const madeUpToken = () => randomBytes(32).toString("base64url");

/** The official links of a delivery, read back from the emails that carried them. */
export async function officialTokens(deliveryId: number) {
  const rows = await getDb()
    .selectFrom("official_deliveries as od")
    .innerJoin("outbox as o", "o.id", "od.outbox_id")
    .select(["od.id", "o.text_body"])
    .where("od.delivery_id", "=", deliveryId)
    .orderBy("od.id")
    .execute();
  return rows.map((r) => r.text_body.match(/\/officials\/([A-Za-z0-9_-]{43})/)![1]);
}

/**
 * Everyone who can come to the app, and what each holds: an open statement
 * organized by an owner and a co-organizer, with a pending signer, a
 * verified signer subscribed to updates, and a delivered statement with
 * its officials' links. `otherOrganizer` owns a statement of their own.
 */
export async function createWorld() {
  const owner = await createUser();
  const coOrganizer = await createUser();
  const otherOrganizer = await createUser();
  // The platform admin (ADMIN_EMAILS), made once a database.
  const admin = await getDb()
    .insertInto("users")
    .values({ email: "admin@example.org" })
    .onConflict((oc) => oc.column("email").doUpdateSet({ email: "admin@example.org" }))
    .returningAll()
    .executeTakeFirstOrThrow();
  const { jurisdiction, wards, officials } = await createJurisdiction({ wards: 2 });
  const officialIds = officials.map((o) => o.id);
  const open = await createStatement({ ownerId: owner.id, jurisdictionId: jurisdiction.id, officialIds });
  const delivered = await createStatement({ ownerId: owner.id, jurisdictionId: jurisdiction.id, officialIds });
  const others = await createStatement({ ownerId: otherOrganizer.id, jurisdictionId: jurisdiction.id, officialIds });
  const draft = await createStatement({ ownerId: owner.id, jurisdictionId: jurisdiction.id, officialIds, publish: false });
  const inReview = await publishStatement({
    id: (await createStatement({ ownerId: otherOrganizer.id, jurisdictionId: jurisdiction.id, officialIds, publish: false })).id,
    moderation: "required",
  });
  for (const s of [open, delivered])
    await getDb().insertInto("statement_organizers").values({ statement_id: s.id, user_id: coOrganizer.id, role: "co_organizer" }).execute();

  const pending = await createPendingSignature({ slug: open.slug });
  const verified = await createVerifiedSignature({ slug: open.slug, updates: true });
  await sendStatementUpdate({ statementId: open.id, authorId: owner.id, subject: "Thank you", body: "We are halfway there." });
  const unsubscribe = tokenOf(await latestLink(verified.email, "statement-update", "/unsubscribe"));

  await addVerifiedSignatures({ statementId: delivered.id, count: 5, wardIds: wards.map((w) => w.id) });
  const delivery = await deliverStatement({ statementId: delivered.id, userId: owner.id, reason: "manual" });
  const [official] = await officialTokens(delivery.deliveryId);

  return {
    jurisdiction,
    wards,
    officials,
    statements: { open, delivered, others, draft, inReview },
    users: { owner, coOrganizer, otherOrganizer, admin },
    sessions: {
      owner: await createSession(owner.id),
      coOrganizer: await createSession(coOrganizer.id),
      otherOrganizer: await createSession(otherOrganizer.id),
      admin: await createSession(admin.id),
    } as Partial<Record<Role, { cookie: string; csrf: string; token: string }>>,
    signer: { email: verified.email, verify: pending.token, withdraw: verified.withdrawToken, unsubscribe },
    official,
    deliveryId: delivery.deliveryId,
  };
}
export type World = Awaited<ReturnType<typeof createWorld>>;
