import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { hashToken } from "~/utils/crypto.server";
import { ageUpdates, createSignature } from "../../test/support/campaign-factories";
import { createJurisdiction, createOpenStatement, createStatement, createUser } from "../../test/support/factories";
import { statementUpdateEmail } from "~/mail/update-emails.server";
import { statementUpdateSchema } from "./updates-input.server";
import { findUnsubscribeLink, sendStatementUpdate, statementUpdatesOverview, unsubscribeFromUpdates } from "./updates.server";

type Opened = Awaited<ReturnType<typeof createOpenStatement>>;
let c: Opened;
beforeEach(async () => {
  c = await createOpenStatement();
});

const send = (subject = "Thank you", body = "We reached the council.") =>
  sendStatementUpdate({ statementId: c.statement.id, authorId: c.owner.id, subject, body });

const mailTo = (address: string) =>
  getDb().selectFrom("outbox").selectAll().where("kind", "=", "statement-update").where("to_address", "=", address).execute();

const tokenIn = (text: string) => new URL(text.match(/https?:\/\/\S+\/unsubscribe\?token=\S+/)![0]).searchParams.get("token")!;

describe("updates to signers", () => {
  it("go only to verified signers who opted in, with one-click unsubscribe headers", async () => {
    const yes = await createSignature({ statementId: c.statement.id, updates: true });
    const optedOut = await createSignature({ statementId: c.statement.id, updates: false });
    const pending = await createSignature({ statementId: c.statement.id, updates: true, state: "pending" });
    const withdrawn = await createSignature({ statementId: c.statement.id, updates: true, state: "withdrawn" });
    const suspicious = await createSignature({ statementId: c.statement.id, updates: true, state: "suspicious" });

    const result = await send("Council vote next week", "Please come to City Hall on Tuesday.");
    expect(result).toMatchObject({ status: "sent", recipients: 1 });

    const [mail] = await mailTo(yes.email);
    expect(mail.subject).toBe(`[${c.statement.title}] Council vote next week`);
    expect(mail.text_body).toContain("Please come to City Hall on Tuesday.");
    const token = tokenIn(mail.text_body);
    expect(mail.headers).toEqual({
      "List-Unsubscribe": `<${mail.text_body.match(/https?:\/\/\S+\/unsubscribe\?token=\S+/)![0]}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    for (const other of [optedOut, pending, withdrawn, suspicious]) expect(await mailTo(other.email)).toHaveLength(0);

    // At least 128 bits, and only its hash is stored.
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
    const stored = await getDb().selectFrom("statement_update_recipients").selectAll().execute();
    expect(stored).toEqual([{ update_id: (result as { updateId: number }).updateId, signature_id: yes.id, unsubscribe_token_hash: hashToken(token) }]);
  });

  it("never reach a signer who did not opt in, however many are sent", async () => {
    const quiet = await createSignature({ statementId: c.statement.id, updates: false, email: "quiet-signer@example.org" });
    await createSignature({ statementId: c.statement.id, updates: true });
    for (let i = 0; i < 3; i++) {
      expect((await send(`Update ${i}`)).status).toBe("sent");
      await ageUpdates(c.statement.id);
    }
    expect(await mailTo(quiet.email)).toHaveLength(0);
    const { updates } = await statementUpdatesOverview({ statementId: c.statement.id });
    expect(updates.map((u) => u.recipients)).toEqual([1, 1, 1]);
  });

  it("stop for a signer who unsubscribed, for that statement only", async () => {
    const leaving = await createSignature({ statementId: c.statement.id, updates: true, email: "leaving@example.org" });
    const staying = await createSignature({ statementId: c.statement.id, updates: true });
    const other = await createStatement({ ownerId: c.owner.id, jurisdictionId: c.jurisdiction.id, officialIds: [] });
    await createSignature({ statementId: other.id, updates: true, email: "leaving@example.org" });

    await send("First");
    const [first] = await mailTo(leaving.email);
    const token = tokenIn(first.text_body);

    // Looking at the link (what a mail scanner does) changes nothing.
    expect(await findUnsubscribeLink({ token })).toEqual({ statementTitle: c.statement.title, statementSlug: c.statement.slug, unsubscribed: false });
    expect(await unsubscribeFromUpdates({ token })).toMatchObject({ unsubscribed: true });
    expect(await unsubscribeFromUpdates({ token })).toMatchObject({ unsubscribed: true });
    expect(await findUnsubscribeLink({ token })).toMatchObject({ unsubscribed: true });

    await ageUpdates(c.statement.id);
    expect(await send("Second")).toMatchObject({ status: "sent", recipients: 1 });
    expect((await mailTo(leaving.email)).map((m) => m.subject)).toEqual([`[${c.statement.title}] First`]);
    expect((await mailTo(staying.email)).map((m) => m.subject)).toHaveLength(2);

    // Still signed and counted; still hears about the other statement.
    const row = await getDb().selectFrom("signatures").select("state").where("id", "=", leaving.id).executeTakeFirstOrThrow();
    expect(row.state).toBe("verified");
    expect(await sendStatementUpdate({ statementId: other.id, authorId: c.owner.id, subject: "Other", body: "x" })).toMatchObject({ recipients: 1 });
  });

  it("refuse unknown and mangled unsubscribe tokens", async () => {
    expect(await findUnsubscribeLink({ token: "" })).toBeNull();
    expect(await unsubscribeFromUpdates({ token: "not-a-token" })).toBeNull();
  });

  it("go at most once a day per statement", async () => {
    await createSignature({ statementId: c.statement.id, updates: true });
    const first = await send("One");
    expect(first.status).toBe("sent");
    const second = await send("Two");
    expect(second).toMatchObject({ status: "too_soon" });
    const wait = (second as { nextAllowedAt: Date }).nextAllowedAt.getTime() - Date.now();
    expect(wait).toBeGreaterThan(23 * 3600_000);
    expect(wait).toBeLessThanOrEqual(24 * 3600_000);
    expect(await getDb().selectFrom("outbox").select("subject").where("subject", "like", "%Two").execute()).toHaveLength(0);

    // Another statement has its own day.
    const other = await createStatement({ ownerId: c.owner.id, jurisdictionId: c.jurisdiction.id, officialIds: [] });
    expect((await sendStatementUpdate({ statementId: other.id, authorId: c.owner.id, subject: "x", body: "y" })).status).toBe("sent");

    await ageUpdates(c.statement.id);
    expect((await send("Three")).status).toBe("sent");
  });

  it("go once even when two organizers send at the same moment", async () => {
    await createSignature({ statementId: c.statement.id, updates: true });
    const results = await Promise.all([send("A"), send("B"), send("C")]);
    expect(results.filter((r) => r.status === "sent")).toHaveLength(1);
    expect(results.filter((r) => r.status === "too_soon")).toHaveLength(2);
  });

  it("are limited by the database too, whatever the code does", async () => {
    const db = getDb();
    await db.insertInto("statement_updates").values({ statement_id: c.statement.id, subject: "a", body: "b" }).execute();
    await expect(db.insertInto("statement_updates").values({ statement_id: c.statement.id, subject: "c", body: "d" }).execute()).rejects.toMatchObject({
      code: "23P01",
    });
    // A shorter quiet period than a day is refused outright.
    await expect(
      db
        .insertInto("statement_updates")
        .values({ statement_id: c.statement.id, subject: "e", body: "f", created_at: new Date(Date.now() + 864e5 * 5), quiet_until: new Date(Date.now() + 864e5 * 5 + 3600_000) })
        .execute(),
    ).rejects.toMatchObject({ code: "23514" });
  });

  it("cannot be sent before the statement is published", async () => {
    const owner = await createUser();
    const { jurisdiction } = await createJurisdiction();
    const draft = await createStatement({ ownerId: owner.id, jurisdictionId: jurisdiction.id, officialIds: [], publish: false });
    expect(await sendStatementUpdate({ statementId: draft.id, authorId: owner.id, subject: "x", body: "y" })).toEqual({ status: "not_published" });
  });
});

describe("an update's form and email", () => {
  it("refuses an empty or multi-line subject and an empty message", () => {
    const r = statementUpdateSchema.safeParse({ subject: "a\r\nBcc: x@y.z", body: "  " });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => [i.path[0], i.message]);
    expect(paths).toEqual([
      ["subject", "updates.error.subjectOneLine"],
      ["body", "updates.error.bodyRequired"],
    ]);
  });

  it("says who it is from and how to stop it, in English and Spanish", () => {
    const update = {
      to: "signer@example.org",
      statementTitle: "Millbrook is a hate-free community",
      statementUrl: "http://x/statements/m",
      subject: "Vote on Tuesday",
      body: "Come along.",
      unsubscribeUrl: "http://x/unsubscribe?token=abc",
    };
    const en = statementUpdateEmail(update, "en");
    const es = statementUpdateEmail(update, "es");
    expect(en.subject).toBe("[Millbrook is a hate-free community] Vote on Tuesday");
    expect(en.text).toContain("An update from the organizers of “Millbrook is a hate-free community”");
    expect(es.text).toContain("Novedades de los organizadores de «Millbrook is a hate-free community»");
    expect(en.text).toContain("Stop updates about this statement: http://x/unsubscribe?token=abc");
    expect(es.text).toContain("Dejar de recibir novedades de esta declaración: http://x/unsubscribe?token=abc");
    expect(en.headers).toEqual({ "List-Unsubscribe": "<http://x/unsubscribe?token=abc>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
  });
});
