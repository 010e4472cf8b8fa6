import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createTransport } from "~/mail/transport.server";
import { OUTBOX_MAX_ATTEMPTS } from "../app/mail/outbox";
import { claimDueEmails, sendOne, startOutboxWorker } from "../app/mail/outbox.server";
import { registerDeliveryBackground } from "../app/delivery/background.server";

// The worker process registers the delivery hooks with this call.
registerDeliveryBackground();
import { retryOfficialDelivery } from "../app/delivery/deliver.server";
import { findOfficialDelivery } from "../app/delivery/official-side.server";
import { addVerifiedSignatures, deliverNow } from "./support/delivery-factories";
import { createOpenStatement } from "./support/factories";
import { linkIn, useMailbox } from "./support/mail";

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

const mailbox = useMailbox();

async function officialRows(deliveryId: number) {
  return getDb().selectFrom("official_deliveries").selectAll().where("delivery_id", "=", deliveryId).orderBy("id").execute();
}

describe("sending packets through the outbox", () => {
  it("survives an SMTP outage: every official gets exactly one email, with the packet attached, once SMTP is back", async () => {
    const { statement, wards, officials } = await createOpenStatement({ wards: 3 });
    await addVerifiedSignatures({ statementId: statement.id, count: 60, wardIds: wards.map((w) => w.id) });
    const transport = createTransport(mailbox.sink.url);
    await mailbox.stop();

    const { deliveryId } = await deliverNow({ statementId: statement.id, reason: "manual" });
    const claimed = (await claimDueEmails({ limit: 100 })).filter((r) => r.kind === "official_delivery");
    expect(claimed).toHaveLength(officials.length);
    const outcomes = await Promise.all(claimed.map((row) => sendOne(row, transport)));
    expect(outcomes.every((o) => o === "retry")).toBe(true);
    for (const row of await officialRows(deliveryId)) {
      expect(row.state).toBe("queued");
      expect(row.attempts).toBe(1);
      expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
    }

    await mailbox.restart();
    await getDb().updateTable("outbox").set({ next_attempt_at: new Date() }).where("kind", "=", "official_delivery").execute();
    const worker = startOutboxWorker({ transport, idleMs: 50 });
    const isPacket = (m: { subject: string }) => m.subject.startsWith("Signed statement for you");
    await mailbox.waitForCount(officials.length, isPacket);
    await worker.drained();
    await worker.stop();
    transport.close();

    const got = mailbox.messages.filter(isPacket);
    expect(got).toHaveLength(officials.length);
    expect(got.flatMap((m) => m.to).sort()).toEqual(officials.map((o) => o.email).sort());
    const delivery = await getDb().selectFrom("deliveries").select("manifest").where("id", "=", deliveryId).executeTakeFirstOrThrow();
    for (const m of got) {
      const pdf = m.attachments.find((a) => a.contentType === "application/pdf")!;
      const csv = m.attachments.find((a) => a.filename.endsWith(".csv"))!;
      expect(sha256(pdf.content)).toBe(delivery.manifest!.pdf!.sha256);
      expect(sha256(csv.content)).toBe(delivery.manifest!.signatures.csv.sha256);
      expect(linkIn(m, "/officials/")).toMatch(/\/officials\/[A-Za-z0-9_-]{43}$/);
    }
    for (const row of await officialRows(deliveryId)) {
      expect(row.state).toBe("sent");
      expect(row.attempts).toBe(2);
      expect(row.sent_at).not.toBeNull();
    }
  });

  it("records a failure with its reason, and a retry sends a new link that replaces the old one", async () => {
    const { statement } = await createOpenStatement({ wards: 1 });
    await addVerifiedSignatures({ statementId: statement.id, count: 5 });
    const { deliveryId } = await deliverNow({ statementId: statement.id, reason: "manual" });
    const [first] = await officialRows(deliveryId);
    const outbox = await getDb().selectFrom("outbox").select("text_body").where("id", "=", first.outbox_id!).executeTakeFirstOrThrow();
    const oldToken = outbox.text_body.match(/\/officials\/([A-Za-z0-9_-]{43})/)![1];
    expect(await findOfficialDelivery({ token: oldToken })).toBeDefined();

    const dead = createTransport("smtp://127.0.0.1:1?tls=off");
    for (let i = 0; i < OUTBOX_MAX_ATTEMPTS; i++) {
      await getDb().updateTable("outbox").set({ next_attempt_at: new Date(), locked_until: null }).where("id", "=", first.outbox_id!).execute();
      const [row] = (await claimDueEmails({ limit: 500 })).filter((r) => r.id === first.outbox_id);
      await sendOne(row, dead);
    }
    dead.close();
    const failed = (await officialRows(deliveryId)).find((r) => r.id === first.id)!;
    expect(failed).toMatchObject({ state: "failed", attempts: OUTBOX_MAX_ATTEMPTS });
    expect(failed.failure_reason).toMatch(/ECONNREFUSED|connect/i);

    expect(await retryOfficialDelivery({ statementId: statement.id + 1000, officialDeliveryId: first.id })).toEqual({ status: "not_failed" });
    expect(await retryOfficialDelivery({ statementId: statement.id, officialDeliveryId: first.id })).toEqual({ status: "retried" });
    const retried = (await officialRows(deliveryId)).find((r) => r.id === first.id)!;
    expect(retried).toMatchObject({ state: "queued", attempts: 0, failure_reason: null });
    expect(retried.outbox_id).not.toBe(first.outbox_id);
    await expect(findOfficialDelivery({ token: oldToken })).rejects.toMatchObject({ kind: "not_found" });

    const transport = createTransport(mailbox.sink.url);
    const worker = startOutboxWorker({ transport, idleMs: 50 });
    const mail = await mailbox.waitFor((m) => m.to.includes(first.email));
    await worker.drained();
    await worker.stop();
    transport.close();
    const newToken = linkIn(mail, "/officials/").split("/officials/")[1];
    expect(newToken).not.toBe(oldToken);
    expect(await findOfficialDelivery({ token: newToken })).toMatchObject({ id: first.id });
    expect((await officialRows(deliveryId)).find((r) => r.id === first.id)!.state).toBe("sent");
  });
});
