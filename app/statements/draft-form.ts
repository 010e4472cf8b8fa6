import type { Statement } from "../../db/types";
import { deadlineDay, deadlineEnd } from "./lifecycle";
import { isTranslated, type StatementContent } from "./text";
import type { Draft } from "./draft-input.server";

// Client-safe: the organizer's draft form (its limits, its values as typed,
// its field errors) and the check a draft must pass to be published. The zod
// schema that reads a posted draft is server-only, in draft-input.server.ts.

export const TITLE_MAX = 160;
export const PARAGRAPH_MAX = 5_000;
export const SUMMARY_MAX = 600;
export const PREAMBLE_MAX_PARAGRAPHS = 20;

export const SLUG_MAX = 60;
export const SLUG_TAKEN = "draft.error.slugTaken";
export const GOAL_MAX = 10_000_000;
export const REVIEW_REASON_MAX = 2_000;

/** The numbers the draft form's messages mention. */
export const DRAFT_MESSAGE_VARS = {
  titleMax: TITLE_MAX,
  summaryMax: SUMMARY_MAX,
  paragraphMax: PARAGRAPH_MAX,
  reasonsMax: PREAMBLE_MAX_PARAGRAPHS,
  slugMax: SLUG_MAX,
  goalMax: GOAL_MAX,
  reviewMax: REVIEW_REASON_MAX,
};

/** The draft form's translation fields, all empty. */
export const NO_TRANSLATION = { titleEs: "", summaryEs: "", preambleEs: [] as string[], callToResidentsEs: "", askOfOfficialsEs: "", pledgeEs: "" };

/** A draft's Spanish translation as statement content. */
function translationOfDraft(d: Pick<Draft, "titleEs" | "summaryEs" | "preambleEs" | "callToResidentsEs" | "askOfOfficialsEs" | "pledgeEs">): StatementContent {
  return {
    title: d.titleEs,
    summary: d.summaryEs,
    preamble: d.preambleEs,
    callToResidents: d.callToResidentsEs,
    askOfOfficials: d.askOfOfficialsEs,
    pledge: d.pledgeEs,
  };
}

/** The draft form as the user filled it in: re-rendered as typed when it is refused. */
export interface DraftFormValues {
  title: string;
  slug: string;
  summary: string;
  preamble: string[];
  callToResidents: string;
  askOfOfficials: string;
  pledge: string;
  goal: string;
  deadline: string;
  askWard: boolean;
  deliveryTrigger: string;
  keepCollecting: boolean;
  jurisdictionId: string;
  officialIds: string[];
  titleEs: string;
  summaryEs: string;
  preambleEs: string[];
  callToResidentsEs: string;
  askOfOfficialsEs: string;
  pledgeEs: string;
}

export function draftValuesFromForm(form: FormData): DraftFormValues {
  const one = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const all = (name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");
  return {
    title: one("title"),
    slug: one("slug"),
    summary: one("summary"),
    preamble: all("preamble"),
    callToResidents: one("callToResidents"),
    askOfOfficials: one("askOfOfficials"),
    pledge: one("pledge"),
    goal: one("goal"),
    deadline: one("deadline"),
    askWard: form.get("askWard") === "yes",
    deliveryTrigger: one("deliveryTrigger") || "manual",
    keepCollecting: form.get("keepCollecting") === "yes",
    jurisdictionId: one("jurisdictionId"),
    officialIds: all("officialIds"),
    titleEs: one("titleEs"),
    summaryEs: one("summaryEs"),
    preambleEs: all("preambleEs"),
    callToResidentsEs: one("callToResidentsEs"),
    askOfOfficialsEs: one("askOfOfficialsEs"),
    pledgeEs: one("pledgeEs"),
  };
}

/** The form's values for a stored statement. */
export function draftValuesFromStatement(s: Statement, officialIds: number[]): DraftFormValues {
  const d = draftFromStatement(s, officialIds);
  return { ...d, goal: String(d.goal), deadline: d.deadline ?? "", jurisdictionId: String(d.jurisdictionId), officialIds: d.officialIds.map(String) };
}

/** A stored statement as a Draft, for checking it before it is published. */
export function draftFromStatement(s: Statement, officialIds: number[]): Draft {
  return {
    title: s.title,
    slug: s.slug,
    summary: s.summary,
    preamble: s.preamble,
    callToResidents: s.call_to_residents,
    askOfOfficials: s.ask_of_officials,
    pledge: s.pledge,
    goal: s.goal,
    deadline: s.deadline ? deadlineDay(s.deadline) : null,
    askWard: s.ask_ward,
    deliveryTrigger: s.delivery_trigger,
    keepCollecting: s.keep_collecting,
    jurisdictionId: s.jurisdiction_id,
    officialIds,
    titleEs: s.title_es,
    summaryEs: s.summary_es,
    preambleEs: s.preamble_es,
    callToResidentsEs: s.call_to_residents_es,
    askOfOfficialsEs: s.ask_of_officials_es,
    pledgeEs: s.pledge_es,
  };
}

/**
 * Field errors keyed by the id of the control they belong beside: each
 * reason is its own box (`preamble-2`), the rest by field name.
 */
export function draftErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const [field, index] = issue.path;
    const key = (field === "preamble" || field === "preambleEs") && typeof index === "number" ? `${field}-${index}` : String(field ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}

/** Catalog keys of the draft form's fields, named in its error summary. */
export const DRAFT_LABELS: Record<string, string> = {
  title: "draft.title",
  slug: "draft.slug",
  summary: "draft.summary",
  preamble: "draft.reasons",
  callToResidents: "draft.callToResidents",
  askOfOfficials: "draft.askOfOfficials",
  pledge: "draft.pledge",
  jurisdictionId: "draft.jurisdiction",
  officialIds: "draft.officials",
  goal: "draft.goal",
  deadline: "draft.deadlineShort",
  deliveryTrigger: "draft.deliveryTrigger",
};

const HTML_TAG = /<\/?[a-z!][^>]*>/i;

/** Publishing needs everything a signer and an official will read. */
export function publishProblems(d: Draft, now = new Date()): Partial<Record<keyof Draft, string>> {
  const problems: Partial<Record<keyof Draft, string>> = {};
  // A translation is all or nothing: Spanish readers must never get half of one.
  if (isTranslated(translationOfDraft(d))) {
    for (const field of ["titleEs", "summaryEs", "callToResidentsEs", "askOfOfficialsEs", "pledgeEs"] as const)
      if (!d[field]) problems[field] = "draft.error.translation.missing";
    if (d.preamble.some((p, i) => p && !d.preambleEs[i])) problems.preambleEs = "draft.error.translation.reasons";
    if (HTML_TAG.test(d.titleEs)) problems.titleEs = "draft.error.title.html";
  }
  if (!d.title) problems.title = "draft.error.title.required";
  else if (HTML_TAG.test(d.title)) problems.title = "draft.error.title.html";
  if (!d.slug) problems.slug = "draft.error.slug.required";
  if (!d.summary) problems.summary = "draft.error.summary.required";
  if (d.preamble.filter(Boolean).length === 0) problems.preamble = "draft.error.preamble.required";
  if (!d.callToResidents) problems.callToResidents = "draft.error.callToResidents.required";
  if (!d.askOfOfficials) problems.askOfOfficials = "draft.error.askOfOfficials.required";
  if (!d.pledge) problems.pledge = "draft.error.pledge.required";
  if (d.officialIds.length === 0) problems.officialIds = "draft.error.officialIds.required";
  if (d.deadline) {
    const end = deadlineEnd(d.deadline);
    if (!end) problems.deadline = "draft.error.deadline.date";
    else if (end.getTime() < now.getTime()) problems.deadline = "draft.error.deadline.past";
  }
  if (d.deliveryTrigger === "deadline" && !d.deadline) problems.deadline = "draft.error.deadline.forDelivery";
  return problems;
}
