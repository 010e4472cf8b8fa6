import { z } from "zod";
import type { Statement } from "../../db/types";
import { idSchema } from "~/utils/ids";
import { DELIVERY_TRIGGERS, STATEMENT_STATES, type StatementState } from "../../db/states";
import { TEMPLATE_IDS } from "./templates";

export const statementStateSchema = z.enum(STATEMENT_STATES);

export const TITLE_MAX = 160;
export const PARAGRAPH_MAX = 5_000;
export const SUMMARY_MAX = 600;
export const PREAMBLE_MAX_PARAGRAPHS = 20;

/** The words a statement is made of: what signers sign and officials receive. */
export interface StatementContent {
  title: string;
  summary: string;
  preamble: string[];
  callToResidents: string;
  askOfOfficials: string;
  pledge: string;
}

/** The language of a statement's own text, and of the one translation an organizer may add. */
export const ORIGINAL_LANGUAGE = "en";
export const TRANSLATION_LANGUAGE = "es";

/** A translation counts only when something in it is written. */
export function isTranslated(c: StatementContent | null | undefined): c is StatementContent {
  return Boolean(c && [c.title, c.summary, c.callToResidents, c.askOfOfficials, c.pledge, ...c.preamble].some((v) => v.trim()));
}

/**
 * The canonical text a version hash is taken over: fixed field order, Unix
 * newlines, no trailing spaces, NFC. Anyone holding the published text can
 * recompute it. A Spanish translation, when there is one, follows the
 * original with "(es)" labels; without one the text (and so the hash of
 * every statement published before translations existed) is unchanged.
 */
export function canonicalStatementText(c: StatementContent & { jurisdiction: string; translation?: StatementContent | null }): string {
  const clean = (s: string) =>
    s
      .normalize("NFC")
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .map((line) => line.trimEnd())
      .join("\n")
      .trim();
  const lines = [
    `Title: ${clean(c.title)}`,
    `Jurisdiction: ${clean(c.jurisdiction)}`,
    `Summary: ${clean(c.summary)}`,
    ...c.preamble.map((p, i) => `Whereas ${i + 1}: ${clean(p)}`),
    `Call to residents: ${clean(c.callToResidents)}`,
    `Ask of officials: ${clean(c.askOfOfficials)}`,
    `Pledge: ${clean(c.pledge)}`,
  ];
  const es = c.translation;
  if (isTranslated(es))
    lines.push(
      `Title (es): ${clean(es.title)}`,
      `Summary (es): ${clean(es.summary)}`,
      ...es.preamble.map((p, i) => `Whereas ${i + 1} (es): ${clean(p)}`),
      `Call to residents (es): ${clean(es.callToResidents)}`,
      `Ask of officials (es): ${clean(es.askOfOfficials)}`,
      `Pledge (es): ${clean(es.pledge)}`,
    );
  return lines.join("\n");
}

export function slugify(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || "statement"
  );
}

const noControl = (v: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v);
const oneLine = (v: string) => !/[\r\n\u2028\u2029]/.test(v);
// Messages are catalog keys (app/i18n/messages/organizer.ts), shown with DRAFT_MESSAGE_VARS.
const text = (max: number, field: string) =>
  z.string().trim().max(max, `draft.error.${field}.tooLong`).refine(noControl, `draft.error.${field}.characters`);

export const deliveryTriggerSchema = z.enum(DELIVERY_TRIGGERS, { message: "draft.error.deliveryTrigger" });

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

/** The last moment of a deadline day (deadlines are whole days, in UTC). */
export function deadlineEnd(day: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const end = new Date(`${day}T23:59:59Z`);
  // Date quietly rolls 2027-02-30 over to March; a real date survives the round trip.
  if (Number.isNaN(end.getTime()) || end.toISOString().slice(0, 10) !== day) return null;
  return end;
}

/** A deadline as the date field shows it. */
export function deadlineDay(deadline: Date | string | null): string {
  if (!deadline) return "";
  return new Date(deadline).toISOString().slice(0, 10);
}

/** A draft may be incomplete; only lengths and shapes are checked when saving. */
export const draftSchema = z
  .object({
  // A title is the subject line of every email about the statement: one line.
  title: text(TITLE_MAX, "title").refine(oneLine, "draft.error.title.oneLine"),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .max(SLUG_MAX, "draft.error.slug.tooLong")
    .regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/, "draft.error.slug.shape"),
  summary: text(SUMMARY_MAX, "summary"),
  preamble: z.array(text(PARAGRAPH_MAX, "reason")).max(PREAMBLE_MAX_PARAGRAPHS, "draft.error.preamble.tooMany"),
  callToResidents: text(PARAGRAPH_MAX, "callToResidents"),
  askOfOfficials: text(PARAGRAPH_MAX, "askOfOfficials"),
  pledge: text(PARAGRAPH_MAX, "pledge"),
  goal: z
    .string()
    .trim()
    .min(1, "draft.error.goal.required")
    .regex(/^-?\d+$/, "draft.error.goal.whole")
    .transform(Number)
    .pipe(
      z
        .number()
        .int("draft.error.goal.whole")
        .min(1, "draft.error.goal.min")
        .max(GOAL_MAX, "draft.error.goal.max"),
    ),
  deadline: z
    .string()
    .trim()
    .refine((v) => !v || deadlineEnd(v) !== null, "draft.error.deadline.date")
    .refine((v) => !v || (deadlineEnd(v)?.getTime() ?? 0) >= Date.now(), "draft.error.deadline.past")
    .transform((v) => (v ? v : null)),
  askWard: z.boolean(),
  deliveryTrigger: deliveryTriggerSchema,
  keepCollecting: z.boolean(),
  jurisdictionId: idSchema("draft.error.jurisdiction"),
  officialIds: z.array(idSchema("draft.error.officialIds.unknown")).max(200),
  // The Spanish translation (optional: absent means none); each reason's translation sits beside it.
  titleEs: text(TITLE_MAX, "title").refine(oneLine, "draft.error.title.oneLine").default(""),
  summaryEs: text(SUMMARY_MAX, "summary").default(""),
  preambleEs: z.array(text(PARAGRAPH_MAX, "reason")).max(PREAMBLE_MAX_PARAGRAPHS, "draft.error.preamble.tooMany").default([]),
  callToResidentsEs: text(PARAGRAPH_MAX, "callToResidents").default(""),
  askOfOfficialsEs: text(PARAGRAPH_MAX, "askOfOfficials").default(""),
  pledgeEs: text(PARAGRAPH_MAX, "pledge").default(""),
  })
  // Emptying a reason's box is how it is removed, with its translation.
  .transform((d) => {
    const kept = d.preamble.map((p) => p !== "");
    const preambleEs = d.preamble.map((_, i) => d.preambleEs[i] ?? "").filter((_, i) => kept[i]);
    return { ...d, preamble: d.preamble.filter((_, i) => kept[i]), preambleEs: preambleEs.some(Boolean) ? preambleEs : [] };
  });
export type Draft = z.output<typeof draftSchema>;

/**
 * The words a reader in `locale` sees: the translation when there is one in
 * their language (unless they asked for the original), else the original.
 */
export function statementTextFor<S extends StatementContent & { translation: StatementContent | null }>(
  s: S,
  locale: string,
  { original = false }: { original?: boolean } = {},
): { content: StatementContent; lang: string; translated: boolean; translatable: boolean } {
  const translatable = locale === TRANSLATION_LANGUAGE && isTranslated(s.translation);
  if (translatable && !original) return { content: s.translation!, lang: TRANSLATION_LANGUAGE, translated: true, translatable };
  const { title, summary, preamble, callToResidents, askOfOfficials, pledge } = s;
  return { content: { title, summary, preamble, callToResidents, askOfOfficials, pledge }, lang: ORIGINAL_LANGUAGE, translated: false, translatable };
}

/** One of a statement's fields in `locale`: the translation's when there is one in that language. */
export function localized(locale: string, original: string, spanish: string | null | undefined): string {
  return locale === TRANSLATION_LANGUAGE && spanish?.trim() ? spanish : original;
}

/** The draft form's translation fields, all empty. */
export const NO_TRANSLATION = { titleEs: "", summaryEs: "", preambleEs: [] as string[], callToResidentsEs: "", askOfOfficialsEs: "", pledgeEs: "" };

/** A draft's Spanish translation as statement content. */
export function translationOfDraft(d: Pick<Draft, "titleEs" | "summaryEs" | "preambleEs" | "callToResidentsEs" | "askOfOfficialsEs" | "pledgeEs">): StatementContent {
  return {
    title: d.titleEs,
    summary: d.summaryEs,
    preamble: d.preambleEs,
    callToResidents: d.callToResidentsEs,
    askOfOfficials: d.askOfOfficialsEs,
    pledge: d.pledgeEs,
  };
}

/** A stored statement's Spanish translation, or null when it has none. */
export function translationOf(
  s: Pick<Statement, "title_es" | "summary_es" | "preamble_es" | "call_to_residents_es" | "ask_of_officials_es" | "pledge_es">,
): StatementContent | null {
  const c = {
    title: s.title_es,
    summary: s.summary_es,
    preamble: s.preamble_es,
    callToResidents: s.call_to_residents_es,
    askOfOfficials: s.ask_of_officials_es,
    pledge: s.pledge_es,
  };
  return isTranslated(c) ? c : null;
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
  return {
    title: s.title,
    slug: s.slug,
    summary: s.summary,
    preamble: s.preamble,
    callToResidents: s.call_to_residents,
    askOfOfficials: s.ask_of_officials,
    pledge: s.pledge,
    goal: String(s.goal),
    deadline: deadlineDay(s.deadline),
    askWard: s.ask_ward,
    deliveryTrigger: s.delivery_trigger,
    keepCollecting: s.keep_collecting,
    jurisdictionId: String(s.jurisdiction_id),
    officialIds: officialIds.map(String),
    titleEs: s.title_es,
    summaryEs: s.summary_es,
    preambleEs: s.preamble_es,
    callToResidentsEs: s.call_to_residents_es,
    askOfOfficialsEs: s.ask_of_officials_es,
    pledgeEs: s.pledge_es,
  };
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

/** "City of Millbrook (demo)" → "Millbrook": how templates name the place. */
export function placeName(jurisdictionName: string): string {
  const short = jurisdictionName
    .replace(/\s*\([^)]*\)\s*$/, "")
    .replace(/^(city|town|village|county|borough|township|municipality) of\s+/i, "")
    .trim();
  return short || jurisdictionName.trim();
}

/** Where a statement is in its life, for its organizers. */
export function isEditable(state: StatementState): boolean {
  return state === "draft" || state === "rejected";
}

export function canBeCopied(state: StatementState): boolean {
  return state === "closed" || state === "delivered";
}

export const newStatementSchema = z.object({
  template: z.enum(TEMPLATE_IDS, { message: "draft.error.template" }),
  jurisdictionId: idSchema("draft.error.jurisdiction"),
});

export const reviewSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("approve"), statementId: idSchema("moderation.error.gone") }),
  z.object({
    decision: z.literal("reject"),
    statementId: idSchema("moderation.error.gone"),
    reason: text(REVIEW_REASON_MAX, "reviewReason").pipe(z.string().min(1, "draft.error.reviewReason.required")),
  }),
]);

export function progressPercent(count: number, goal: number): number {
  if (goal <= 0) return 100;
  return Math.min(100, Math.floor((count / goal) * 100));
}
