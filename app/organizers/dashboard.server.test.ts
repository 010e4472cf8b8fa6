import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createSignature } from "../../test/support/campaign-factories";
import { createJurisdiction, createOpenStatement, createStatement, createUser } from "../../test/support/factories";
import { UNNAMED_SIGNER } from "./dashboard";
import { campaignStats, exportSignaturesCsv } from "./dashboard.server";

const DAY = 86_400_000;
const daysAgo = (n: number, hour = 12) => {
  const d = new Date(Date.now() - n * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};

async function csvOf(statementId: number, batchSize?: number) {
  let out = "";
  for await (const chunk of exportSignaturesCsv({ statementId, batchSize })) out += chunk;
  return out;
}

describe("the campaign dashboard's numbers", () => {
  it("counts signatures by state, by day and by ward", async () => {
    const { statement, wards } = await createOpenStatement({ wards: 3 });
    await getDb().updateTable("statements").set({ opened_at: daysAgo(5, 0) }).where("id", "=", statement.id).execute();
    const sign = (o: Partial<Parameters<typeof createSignature>[0]>) => createSignature({ statementId: statement.id, ...o });
    await sign({ wardId: wards[0].id, verifiedAt: daysAgo(4) });
    await sign({ wardId: wards[0].id, verifiedAt: daysAgo(4, 23) });
    await sign({ wardId: wards[2].id, verifiedAt: daysAgo(1) });
    await sign({ outside: true, verifiedAt: daysAgo(0, 0) });
    await sign({ verifiedAt: daysAgo(0, 0) });
    await sign({ state: "pending", wardId: wards[1].id });
    await sign({ state: "pending" });
    await sign({ state: "suspicious" });
    await sign({ state: "withdrawn", wardId: wards[1].id });

    const stats = await campaignStats({ statementId: statement.id });
    expect(stats).toMatchObject({ verified: 5, pending: 2, suspicious: 1, withdrawn: 1 });
    expect(stats.perDay.map((d) => d.count)).toEqual([0, 2, 0, 0, 1, 2]);
    expect(stats.perDay[0].day).toBe(daysAgo(5).toISOString().slice(0, 10));
    expect(stats.perDay.at(-1)!.day).toBe(new Date().toISOString().slice(0, 10));
    expect(stats.byWard).toEqual([
      { kind: "ward", name: "Ward 1", count: 2 },
      { kind: "ward", name: "Ward 2", count: 0 },
      { kind: "ward", name: "Ward 3", count: 1 },
      { kind: "outside", name: null, count: 1 },
      { kind: "not_given", name: null, count: 1 },
    ]);
  });

  it("charts at most the last 30 days, and nothing before the statement opens", async () => {
    const { statement } = await createOpenStatement();
    await getDb().updateTable("statements").set({ opened_at: daysAgo(90) }).where("id", "=", statement.id).execute();
    await createSignature({ statementId: statement.id, verifiedAt: daysAgo(60) });
    await createSignature({ statementId: statement.id, verifiedAt: daysAgo(29) });
    const stats = await campaignStats({ statementId: statement.id });
    expect(stats.perDay).toHaveLength(30);
    expect(stats.perDay.reduce((n, d) => n + d.count, 0)).toBe(1);

    const owner = await createUser();
    const { jurisdiction } = await createJurisdiction();
    const draft = await createStatement({ ownerId: owner.id, jurisdictionId: jurisdiction.id, officialIds: [], publish: false });
    expect((await campaignStats({ statementId: draft.id })).perDay).toEqual([]);
  });
});

describe("the CSV export of signatures", () => {
  it("holds names as the public sees them (initials stay initials; private and anonymous signers unnamed), wards and dates, and never an email address", async () => {
    const { statement, wards } = await createOpenStatement();
    const at = new Date("2026-11-20T09:30:00Z");
    await createSignature({ statementId: statement.id, name: "Ana María López", email: "ana.distinctive.7731@example.org", display: "full", wardId: wards[1].id, createdAt: at, verifiedAt: new Date("2026-11-20T09:41:07Z") });
    await createSignature({ statementId: statement.id, name: "Bo Initials", email: "bo.zq9@example.org", display: "initials", outside: true, createdAt: at });
    await createSignature({ statementId: statement.id, name: "Secret Person", email: "secret.person.x1@example.org", display: "private", createdAt: at });
    await createSignature({ statementId: statement.id, name: "Nobody Knows", email: "nobody.knows@example.org", display: "anonymous", wardId: wards[0].id, createdAt: at });
    await createSignature({ statementId: statement.id, name: '=HYPERLINK("http://evil.example","x")', email: "formula@example.org", createdAt: at });
    await createSignature({ statementId: statement.id, name: "Not Yet Verified", email: "pending.one@example.org", state: "pending" });
    await createSignature({ statementId: statement.id, name: "Took It Back", email: "withdrawn.one@example.org", state: "withdrawn" });

    const csv = await csvOf(statement.id);
    expect(csv).not.toMatch(/@example\.org/);
    expect(csv).not.toContain("distinctive");
    expect(csv).not.toContain("Secret Person");
    expect(csv).not.toContain("Nobody Knows");
    // Initials stay initials: organizers see exactly what the public sees.
    expect(csv).not.toContain("Bo Initials");
    expect(csv).not.toContain("Not Yet Verified");
    expect(csv).not.toContain("Took It Back");
    expect(csv.split("\r\n")).toEqual([
      "\uFEFFName,Display choice,Ward,Signed at (UTC),Verified at (UTC)",
      "Ana María López,full,Ward 2,2026-11-20 09:30:00,2026-11-20 09:41:07",
      "Bo I.,initials,Outside the city,2026-11-20 09:30:00,2026-11-20 09:30:00",
      `${UNNAMED_SIGNER.private},private,,2026-11-20 09:30:00,2026-11-20 09:30:00`,
      `${UNNAMED_SIGNER.anonymous},anonymous,Ward 1,2026-11-20 09:30:00,2026-11-20 09:30:00`,
      `"'=HYPERLINK(""http://evil.example"",""x"")",full,,2026-11-20 09:30:00,2026-11-20 09:30:00`,
      "",
    ]);
  });

  it("streams every signature, batch after batch", async () => {
    const { statement } = await createOpenStatement();
    for (let i = 0; i < 7; i++) await createSignature({ statementId: statement.id, name: `Person ${i}` });
    const lines = (await csvOf(statement.id, 3)).trim().split("\r\n");
    expect(lines.slice(1)).toEqual(Array.from({ length: 7 }, (_, i) => expect.stringMatching(new RegExp(`^Person ${i},`))));
  });
});
