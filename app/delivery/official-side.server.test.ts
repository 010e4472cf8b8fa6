import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createOpenStatement } from "../../test/support/factories";
import { addSignature, addVerifiedSignatures, deliverNow, officialLinks } from "../../test/support/delivery-factories";
import { acknowledgeDelivery, findOfficialDelivery, findPacketDownload, respondToDelivery } from "./official-side.server";
import { getPublicDeliveryRecord } from "./public-record.server";

const NOT_FOUND = { kind: "not_found" };

describe("officials' links", () => {
  it("open only that official's copy of that delivery", async () => {
    const { statement, wards } = await createOpenStatement({ wards: 2 });
    await getDb().updateTable("statements").set({ keep_collecting: true }).where("id", "=", statement.id).execute();
    await addVerifiedSignatures({ statementId: statement.id, count: 10, wardIds: wards.map((w) => w.id) });
    const first = await deliverNow({ statementId: statement.id, reason: "manual" });
    await addVerifiedSignatures({ statementId: statement.id, count: 4, wardIds: wards.map((w) => w.id) });
    const second = await deliverNow({ statementId: statement.id, reason: "manual" });
    const links1 = await officialLinks(first.deliveryId);
    const links2 = await officialLinks(second.deliveryId);

    for (const l of [...links1, ...links2]) {
      const view = await findOfficialDelivery({ token: l.token });
      expect(view).toMatchObject({ id: l.id, official_name: l.official_name });
    }
    expect(new Set([...links1, ...links2].map((l) => l.token)).size).toBe(links1.length + links2.length);
    expect((await findOfficialDelivery({ token: links1[0].token })).sequence).toBe(1);
    expect((await findOfficialDelivery({ token: links2[0].token })).sequence).toBe(2);

    for (const wrong of ["", "x", "a".repeat(43), links1[0].token.slice(0, -1) + (links1[0].token.endsWith("A") ? "B" : "A"), `${links1[0].token}/..`]) {
      await expect(findOfficialDelivery({ token: wrong })).rejects.toMatchObject(NOT_FOUND);
      await expect(acknowledgeDelivery({ token: wrong })).rejects.toMatchObject(NOT_FOUND);
      await expect(findPacketDownload({ token: wrong, file: "packet.pdf" })).rejects.toMatchObject(NOT_FOUND);
      await expect(respondToDelivery({ token: wrong, response: "x" })).rejects.toMatchObject(NOT_FOUND);
    }
    await expect(findPacketDownload({ token: links1[0].token, file: "../secrets" })).rejects.toMatchObject(NOT_FOUND);

    // Acknowledging with one official's link touches nobody else's copy.
    expect(await acknowledgeDelivery({ token: links1[0].token })).toEqual({ status: "acknowledged" });
    expect(await acknowledgeDelivery({ token: links1[0].token })).toEqual({ status: "already_acknowledged" });
    const states = await getDb().selectFrom("official_deliveries").select(["id", "state"]).orderBy("id").execute();
    expect(states.filter((s) => s.state === "acknowledged").map((s) => s.id)).toEqual([links1[0].id]);
  });
});

describe("responses", () => {
  it("are published once, shown in the public record and emailed to opted-in verified signers", async () => {
    const { statement, owner } = await createOpenStatement();
    await addVerifiedSignatures({ statementId: statement.id, count: 9, updatesEvery: 3 });
    const wants = await addSignature({ statementId: statement.id, name: "Wants News", updates: true, display: "private" });
    const pending = await addSignature({ statementId: statement.id, name: "Pending News", updates: true, state: "pending" });
    const withdrawn = await addSignature({ statementId: statement.id, name: "Gone News", updates: true, state: "withdrawn" });
    const { deliveryId } = await deliverNow({ statementId: statement.id, reason: "manual" });
    const [mayor] = await officialLinks(deliveryId);

    const text = "Thank you all.\n\nThe council will take this up on <b>December 4</b>.";
    expect(await respondToDelivery({ token: mayor.token, response: text })).toEqual({ status: "responded" });
    expect(await respondToDelivery({ token: mayor.token, response: "again" })).toEqual({ status: "already_responded" });

    const mail = await getDb().selectFrom("outbox").selectAll().where("kind", "=", "official_response").execute();
    const optedIn = await getDb()
      .selectFrom("signatures")
      .select("email")
      .where("statement_id", "=", statement.id)
      .where("state", "=", "verified")
      .where("updates", "=", true)
      .execute();
    expect(mail.map((m) => m.to_address).sort()).toEqual(optedIn.map((s) => s.email).sort());
    expect(mail.map((m) => m.to_address)).toContain(wants.email);
    expect(mail.map((m) => m.to_address)).not.toContain(pending.email);
    expect(mail.map((m) => m.to_address)).not.toContain(withdrawn.email);
    expect(mail[0].text_body).toContain("> The council will take this up on <b>December 4</b>.");
    expect(mail[0].text_body).toContain(`/statements/${statement.slug}`);
    const toOrganizer = await getDb().selectFrom("outbox").selectAll().where("kind", "=", "official_response_organizer").execute();
    expect(toOrganizer.map((m) => m.to_address)).toEqual([owner.email]);

    const record = await getPublicDeliveryRecord({ statementId: statement.id });
    expect(record.deliveries).toHaveLength(1);
    const shown = record.deliveries[0].officials.find((o) => o.name === mayor.official_name)!;
    expect(shown).toMatchObject({ response: text, office: "mayor" });
    expect(shown.acknowledgedAt).not.toBeNull();
    const json = JSON.stringify(record);
    expect(json).not.toContain("Wants News");
    expect(json).not.toMatch(/@/);
  });
});
