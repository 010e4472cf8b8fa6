import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createJurisdiction, createStatement, createUser } from "../../test/support/factories";
import { createSignature } from "../../test/support/campaign-factories";
import { findOpenStatements, listJurisdictionsWithOpenStatements, listNewStatements } from "./discovery.server";
import { publishStatement } from "./publish.server";

describe("finding open statements", () => {
  const ids: Record<string, number> = {};
  let riverside: string;

  beforeAll(async () => {
    const owner = await createUser();
    const a = await createJurisdiction({ name: "Riverside" });
    const b = await createJurisdiction({ name: "Hilltown" });
    riverside = a.jurisdiction.slug;
    const open = async (
      key: string,
      { title, place, openedDaysAgo, deadlineDays, signatures, state = "open" }: {
        title: string;
        place: typeof a;
        openedDaysAgo: number;
        deadlineDays?: number;
        signatures: number;
        state?: "open" | "closed" | "draft";
      },
    ) => {
      const draft = await createStatement({ ownerId: owner.id, jurisdictionId: place.jurisdiction.id, officialIds: [], publish: false });
      await getDb().updateTable("statements").set({ title }).where("id", "=", draft.id).execute();
      if (state !== "draft") await publishStatement({ id: draft.id, moderation: "off" });
      await getDb()
        .updateTable("statements")
        .set({
          opened_at: state === "draft" ? null : sql`now() - ${`${openedDaysAgo} days`}::interval`,
          deadline: deadlineDays === undefined ? null : sql`now() + ${`${deadlineDays} days`}::interval`,
          state,
        })
        .where("id", "=", draft.id)
        .execute();
      for (let i = 0; i < signatures; i++) await createSignature({ statementId: draft.id });
      ids[key] = draft.id;
    };
    await open("library", { title: "Keep the Riverside library open late", place: a, openedDaysAgo: 10, deadlineDays: 30, signatures: 3 });
    await open("bridge", { title: "Light the river BRIDGE", place: a, openedDaysAgo: 2, signatures: 1 });
    await open("parks", { title: "100% tree cover for parks", place: b, openedDaysAgo: 5, deadlineDays: 3, signatures: 5 });
    await open("gone", { title: "A closed river statement", place: a, openedDaysAgo: 1, signatures: 9, state: "closed" });
    await open("draft", { title: "A draft about the river", place: a, openedDaysAgo: 0, signatures: 0, state: "draft" });
  });

  const keysOf = (rows: { id: number }[]) => rows.map((r) => Object.keys(ids).find((k) => ids[k] === r.id)).filter(Boolean);

  it("sorts open statements by verified signatures, newest, or closing soonest", async () => {
    expect(keysOf(await findOpenStatements({ sort: "signed" }))).toEqual(["parks", "library", "bridge"]);
    expect(keysOf(await findOpenStatements({ sort: "newest" }))).toEqual(["bridge", "parks", "library"]);
    // Only statements with a deadline still ahead are closing.
    expect(keysOf(await findOpenStatements({ sort: "closing" }))).toEqual(["parks", "library"]);
  });

  it("reports each statement's verified count", async () => {
    const rows = await findOpenStatements({ sort: "signed" });
    expect(rows.find((r) => r.id === ids.parks)?.verified).toBe(5);
  });

  it("searches titles as plain text, ignoring case", async () => {
    expect(keysOf(await findOpenStatements({ sort: "signed", q: "river" }))).toEqual(["library", "bridge"]);
    expect(keysOf(await findOpenStatements({ sort: "signed", q: "bridge" }))).toEqual(["bridge"]);
    // `%` and `_` are not wildcards to a searcher.
    expect(keysOf(await findOpenStatements({ sort: "signed", q: "100%" }))).toEqual(["parks"]);
    expect(keysOf(await findOpenStatements({ sort: "signed", q: "%" }))).toEqual(["parks"]);
    expect(keysOf(await findOpenStatements({ sort: "signed", q: "_" }))).toEqual([]);
  });

  it("filters by place, alone or with a search", async () => {
    expect(keysOf(await findOpenStatements({ sort: "newest", jurisdiction: riverside }))).toEqual(["bridge", "library"]);
    expect(keysOf(await findOpenStatements({ sort: "signed", jurisdiction: riverside, q: "tree" }))).toEqual([]);
    expect(keysOf(await findOpenStatements({ sort: "signed", jurisdiction: "nowhere" }))).toEqual([]);
  });

  it("offers only places with open statements", async () => {
    const places = await listJurisdictionsWithOpenStatements();
    expect(places.map((p) => p.name)).toEqual(["Hilltown", "Riverside"]);
  });

  it("feeds statements that have opened, newest first, drafts never", async () => {
    expect(keysOf(await listNewStatements())).toEqual(["gone", "bridge", "parks", "library"]);
  });
});
