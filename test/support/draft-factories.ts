import { NO_TRANSLATION, type DraftFormValues } from "../../app/statements/draft-form";
import { draftSchema } from "../../app/statements/draft-input.server";
import { createDraft } from "../../app/statements/drafts.server";
import { createJurisdiction, createUser } from "./factories";

/** A draft from the hate-free template in a new place, and its owner. */
export async function startDraft() {
  const owner = await createUser();
  const place = await createJurisdiction({ name: `City of Brookfield ${Math.random().toString(36).slice(2, 7)} (test)` });
  const result = await createDraft({ userId: owner.id, templateId: "hate-free-pledge", jurisdictionId: place.jurisdiction.id });
  if (result.status !== "ok") throw new Error("no draft");
  return { owner, ...place, draft: result.statement };
}

/** The stored draft as the organizer's form would post it, with changes. */
export function postedDraft(statement: { title: string; summary: string; preamble: string[]; call_to_residents: string; ask_of_officials: string; pledge: string; jurisdiction_id: number }, changes: Partial<DraftFormValues> = {}) {
  return draftSchema.parse({
    title: statement.title,
    slug: "",
    summary: statement.summary,
    preamble: statement.preamble,
    callToResidents: statement.call_to_residents,
    askOfOfficials: statement.ask_of_officials,
    pledge: statement.pledge,
    goal: "100",
    deadline: "",
    askWard: true,
    deliveryTrigger: "manual",
    keepCollecting: false,
    jurisdictionId: String(statement.jurisdiction_id),
    officialIds: [],
    ...NO_TRANSLATION,
    ...changes,
  } satisfies DraftFormValues);
}
