import { sql, type KyselyPlugin } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { signStatement } from "../app/signing/sign.server";
import { withdrawSignature } from "../app/signing/verify.server";
import { runRetention } from "../app/signing/retention.server";
import { useApp } from "./support/app";
import { createOpenStatement } from "./support/factories";
import { linkIn } from "./support/mail";
import { createPendingSignature, createVerifiedSignature } from "./support/signature-factories";
import { signatureInput } from "./support/signing-helpers";

// Issue 13, problems 1, 6 and 9 written as the attack: the inbox decides how
// its name appears; one inbox, one signature; the same answer, in the same
// time, whatever the address did before.

const app = useApp({ inProcess: true });

const tokenIn = (link: string) => new URL(link).searchParams.get("token")!;
/** Time passes: the next submission of `email` is not held back by the once-a-minute resend limit. */
const aMinuteLater = (email: string) =>
  getDb().updateTable("signatures").set({ last_sent_at: sql`now() - interval '2 minutes'` }).where("email", "=", email).execute();
const publicViews = async (slug: string) => {
  const page = await (await app.fetch(`/statements/${slug}`)).text();
  const json = await (await app.fetch(`/api/statements/${slug}`)).text();
  return { page, json, both: page + json, count: (await (await app.fetch(`/statements/${slug}/count`)).json()).verified as number };
};
const sign = (slug: string, fields: Record<string, string>) =>
  app.postForm(`/statements/${slug}`, { ward: "outside", display: "full", ...fields });

describe("the inbox decides", () => {
  it("never shows a victim under the name a stranger signed with first, even when her inbox presses the stranger's older link", async () => {
    const { statement } = await createOpenStatement();
    const victim = "rosa.victim@example.org";
    // A stranger (or a partner page, cross-site) signs first with her address.
    expect((await sign(statement.slug, { name: "Rosa Martinez", email: victim, display: "full" })).status).toBe(303);
    const strangers = await app.mailbox.waitFor((m) => m.to.includes(victim) && m.text.includes("Rosa Martinez"));

    // Later she signs herself, privately, and confirms from her own inbox.
    await aMinuteLater(victim);
    expect((await sign(statement.slug, { name: "Ana Lopez", email: victim, display: "private" })).status).toBe(303);
    const hers = await app.mailbox.waitFor((m) => m.to.includes(victim) && m.text.includes("Your name: Ana Lopez"));
    expect(hers.text).toContain("Your name is not shown on this site");
    expect(hers.text).not.toContain("Rosa Martinez");
    const opened = await app.getPage(linkIn(hers, "/signatures/verify"));
    expect(opened.html).toContain("Ana Lopez");
    expect(opened.html).not.toContain("Rosa Martinez");
    expect((await app.postForm("/signatures/verify", { token: tokenIn(linkIn(hers, "/signatures/verify")) })).status).toBe(303);

    let views = await publicViews(statement.slug);
    expect(views.count).toBe(1);
    expect(views.both).not.toContain("Rosa Martinez");
    expect(views.both).not.toContain("Ana Lopez");

    // The stranger's link, older than hers, no longer applies anything.
    const stale = await app.postForm("/signatures/verify", { token: tokenIn(linkIn(strangers, "/signatures/verify")) });
    expect(stale.status).toBe(404);
    views = await publicViews(statement.slug);
    expect(views.both).not.toContain("Rosa Martinez");

    // Signing again as the stranger only asks her; unanswered, nothing changes.
    await aMinuteLater(victim);
    expect((await sign(statement.slug, { name: "Rosa Martinez", email: victim, display: "full" })).status).toBe(303);
    const asked = await app.mailbox.waitFor((m) => m.to.includes(victim) && m.subject.startsWith("Change how you signed?"));
    expect(asked.text).toContain("Nothing changes unless you confirm");
    const changePage = await app.getPage(linkIn(asked, "/signatures/verify"));
    expect(changePage.html).toContain("Use these choices");
    views = await publicViews(statement.slug);
    expect(views.both).not.toContain("Rosa Martinez");
    const row = await getDb().selectFrom("signatures").selectAll().where("email", "=", victim).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: "Ana Lopez", display: "private", state: "verified" });
  });

  it("shows a signer who resubmits to switch to private as private once she confirms", async () => {
    const { statement } = await createOpenStatement();
    const email = "switching@example.org";
    await createVerifiedSignature({ slug: statement.slug, email, name: "Visible Person", display: "full" });
    expect((await publicViews(statement.slug)).both).toContain("Visible Person");

    await aMinuteLater(email);
    expect((await sign(statement.slug, { name: "Visible Person", email, display: "private" })).status).toBe(303);
    // Until she presses the button, nothing changes.
    expect((await publicViews(statement.slug)).both).toContain("Visible Person");
    const asked = await app.mailbox.waitFor((m) => m.to.includes(email) && m.subject.startsWith("Change how you signed?"));
    expect((await app.postForm("/signatures/verify", { token: tokenIn(linkIn(asked, "/signatures/verify")) })).status).toBe(303);

    const views = await publicViews(statement.slug);
    expect(views.both).not.toContain("Visible Person");
    expect(views.count).toBe(1);
  });
});

describe("one inbox, one signature", () => {
  it("counts plus-tag variants of one address once, keeping the address as typed", async () => {
    const { statement } = await createOpenStatement();
    for (let i = 0; i <= 4; i++) expect((await sign(statement.slug, { name: "Same Person", email: `sameperson+${i}@example.org` })).status).toBe(303);
    const rows = await getDb().selectFrom("signatures").select(["email", "email_key"]).where("statement_id", "=", statement.id).execute();
    expect(rows).toEqual([{ email: "sameperson+0@example.org", email_key: "sameperson@example.org" }]);
  });

  it("counts Gmail's dotted and googlemail.com spellings once", async () => {
    const { statement } = await createOpenStatement();
    const first = await createVerifiedSignature({ slug: statement.slug, email: "Same.Person@gmail.com" });
    await aMinuteLater(first.email);
    await sign(statement.slug, { name: "Same Person", email: "sameperson@googlemail.com" });
    await sign(statement.slug, { name: "Same Person", email: "s.ame.person+x@gmail.com" });
    const rows = await getDb().selectFrom("signatures").select(["email", "email_key"]).where("statement_id", "=", statement.id).execute();
    expect(rows).toEqual([{ email: "same.person@gmail.com", email_key: "sameperson@gmail.com" }]);
    expect((await publicViews(statement.slug)).count).toBe(1);
  });

  it("is enforced by the database, whatever writes the row", async () => {
    const { statement } = await createOpenStatement();
    const { email } = await createPendingSignature({ slug: statement.slug, email: "dbrule@example.org" });
    const insert = getDb()
      .insertInto("signatures")
      .values({ statement_id: statement.id, email: email.replace("@", "+again@"), email_key: "dbrule@example.org", name: "Again", display: "full" })
      .execute();
    await expect(insert).rejects.toThrow(/signatures_one_per_inbox/);
  });
});

describe("erasure", () => {
  it("takes the unconfirmed choices and the inbox key with the signer's name, whoever erases", async () => {
    const { statement } = await createOpenStatement();
    const { email } = await createVerifiedSignature({ slug: statement.slug, email: "erase.me+tag@gmail.com" });
    await aMinuteLater(email);
    await signStatement({ slug: statement.slug, input: signatureInput({ email, name: "Unconfirmed Choice" }), clientIp: "192.0.2.97", locale: "en" });
    const row = await getDb().selectFrom("signatures").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    const submissions = () => getDb().selectFrom("signature_submissions").select("name").where("signature_id", "=", row.id).execute();
    expect((await submissions()).map((s) => s.name)).toContain("Unconfirmed Choice");
    // As retention (or a signer's own erasure) writes it.
    await getDb()
      .updateTable("signatures")
      .set({ name: "", email: sql`'anonymized-' || id || '@invalid'`, display: "private", updates: false, client_ip: null, withdraw_token_hash: null, anonymized_at: sql`now()` })
      .where("id", "=", row.id)
      .execute();
    expect(await submissions()).toEqual([]);
    const erased = await getDb().selectFrom("signatures").select(["email", "email_key"]).where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(erased.email_key).toBe(erased.email);
    expect(erased.email_key).not.toContain("erase");
  });
});

describe("unconfirmed choices", () => {
  it("are forgotten a day after their link expired; confirmed ones stay to say the link was used", async () => {
    const { statement } = await createOpenStatement();
    const confirmed = await createVerifiedSignature({ slug: statement.slug });
    const unconfirmed = await createPendingSignature({ slug: statement.slug });
    const fresh = await createPendingSignature({ slug: statement.slug });
    await getDb()
      .updateTable("signature_submissions")
      .set({ expires_at: sql<Date>`now() - interval '2 days'` })
      .where("signature_id", "in", (eb) => eb.selectFrom("signatures").select("id").where("email", "in", [confirmed.email, unconfirmed.email]))
      .execute();
    await runRetention();
    const left = await getDb()
      .selectFrom("signature_submissions as u")
      .innerJoin("signatures as g", "g.id", "u.signature_id")
      .select("g.email")
      .where("g.statement_id", "=", statement.id)
      .execute();
    expect(left.map((r) => r.email).sort()).toEqual([confirmed.email, fresh.email].sort());
  });
});

describe("the same answer, in the same time", () => {
  /** Every query sent through the executor this plugin is on. */
  const counting = () => {
    let queries = 0;
    const plugin: KyselyPlugin = {
      transformQuery: ({ node }) => {
        queries++;
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    return { db: getDb().withPlugin(plugin), count: () => queries };
  };

  it("signs a new, a pending, a confirmed and a withdrawn address in the same two round trips: the statement's read and one statement", async () => {
    const { statement } = await createOpenStatement();
    const pending = await createPendingSignature({ slug: statement.slug });
    const verified = await createVerifiedSignature({ slug: statement.slug });
    const withdrawn = await createVerifiedSignature({ slug: statement.slug });
    await withdrawSignature({ token: withdrawn.withdrawToken });
    const outcomes = [];
    for (const email of ["brand-new@example.org", pending.email, verified.email, withdrawn.email]) {
      const { db, count } = counting();
      const r = await signStatement({ slug: statement.slug, input: signatureInput({ email }), clientIp: "192.0.2.99", locale: "en" }, db);
      if (r.status === "ok") outcomes.push(r.outcome);
      expect(count(), email).toBe(2);
    }
    // Paths of all kinds were taken (the pending and verified ones were sent to within the minute: unchanged).
    expect(outcomes).toEqual(["created", "unchanged", "unchanged", "reactivated"]);
  });

  it("tells every signer, flagged ones too, the same truth on the check-your-email page", async () => {
    const { statement } = await createOpenStatement();
    const flagged = await signStatement({
      slug: statement.slug,
      input: signatureInput(),
      clientIp: "192.0.2.98",
      locale: "en",
      limits: { perIp: { limit: 0, windowSeconds: 3600 }, perEmail: { limit: 0, windowSeconds: 3600 }, resend: { minIntervalSeconds: 60, maxSends: 5 } },
    });
    expect(flagged).toEqual({ status: "ok", outcome: "suspicious" });
    const en = await app.getPage(`/statements/${statement.slug}/signed`);
    expect(en.html).toContain("If this address can receive mail, a link is on its way to it.");
    const es = await (await app.fetch(`/statements/${statement.slug}/signed`, { headers: { "accept-language": "es" } })).text();
    expect(es).toContain("Si esta dirección puede recibir correo, le llegará un enlace.");
  });
});
