import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createOpenStatement } from "../../test/support/factories";
import { createPendingSignature, createVerifiedSignature } from "../../test/support/signature-factories";
import { publicVerifiedCount } from "~/signing/verified-count.server";
import { getPublicStatement, statementPageFor } from "./public-page.server";

describe("the public view", () => {
  it("shows signers as they chose, never a private one or an email address", async () => {
    const { statement } = await createOpenStatement();
    await createVerifiedSignature({ slug: statement.slug, name: "Full Person", display: "full", email: "full@example.org" });
    await createVerifiedSignature({ slug: statement.slug, name: "Maria Garcia", display: "initials" });
    await createVerifiedSignature({ slug: statement.slug, name: "Hidden Person", display: "private", email: "hidden@example.org" });
    await createPendingSignature({ slug: statement.slug, name: "Pending Person" });
    const view = await getPublicStatement({ slug: statement.slug });
    expect(view!.verified).toBe(3);
    expect(view!.recentSigners.map((s) => s.name).sort()).toEqual(["Full Person", "Maria G."]);
    const json = JSON.stringify(view);
    for (const secret of ["Hidden Person", "hidden@example.org", "full@example.org", "Pending Person", "Garcia"]) expect(json).not.toContain(secret);
  });

  it("is not there for drafts", async () => {
    const { statement } = await createOpenStatement();
    await getDb().updateTable("statements").set({ state: "in_review" }).where("id", "=", statement.id).execute();
    expect(await getPublicStatement({ slug: statement.slug })).toBeNull();
    expect(await publicVerifiedCount({ slug: statement.slug })).toBeNull();
  });

  it("sends a reader the statement's words in the language shown only", async () => {
    const { statement } = await createOpenStatement();
    const view = (await getPublicStatement({ slug: statement.slug }))!;
    const spanish = {
      title: "Título en español",
      summary: "Resumen",
      preamble: ["Considerando"],
      callToResidents: "Llamado",
      askOfOfficials: "Pedido",
      pledge: "Compromiso",
    };
    const translated = { ...view, translation: spanish };
    const words = (page: object) => JSON.stringify(page);
    const es = words(statementPageFor(translated, "es"));
    expect(es).toContain("Título en español");
    expect(es).not.toContain(view.title);
    expect(es).not.toContain(view.pledge);
    const original = words(statementPageFor(translated, "es", { original: true }));
    expect(original).toContain(view.title);
    expect(original).not.toContain("Título en español");
    expect(statementPageFor(translated, "es", { original: true }).shown).toMatchObject({ translated: false, translatable: true });
    const en = words(statementPageFor(translated, "en"));
    expect(en).toContain(view.pledge);
    expect(en).not.toContain("Compromiso");
    // What the page does not show stays on the server.
    expect(statementPageFor(view, "en")).not.toHaveProperty("publishedAt");
  });
});
