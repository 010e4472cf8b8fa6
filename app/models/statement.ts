import { z } from "zod";
import type { Statement } from "../../db/types";
import { idSchema } from "./ids";
import { DELIVERY_TRIGGERS, STATEMENT_STATES, type StatementState } from "./states";
import { TEMPLATE_IDS } from "./templates";

export const statementStateSchema = z.enum(STATEMENT_STATES);

export const TITLE_MAX = 160;
export const PARAGRAPH_MAX = 5_000;
export const SUMMARY_MAX = 600;
export const PREAMBLE_MAX_PARAGRAPHS = 20;

export const STATE_LABELS: Record<(typeof STATEMENT_STATES)[number], string> = {
  draft: "Draft",
  in_review: "In review",
  open: "Open for signatures",
  closed: "Closed",
  delivered: "Delivered",
  rejected: "Rejected",
};

/** The words a statement is made of: what signers sign and officials receive. */
export interface StatementContent {
  title: string;
  summary: string;
  preamble: string[];
  callToResidents: string;
  askOfOfficials: string;
  pledge: string;
}

/**
 * The canonical text a version hash is taken over: fixed field order, Unix
 * newlines, no trailing spaces, NFC. Anyone holding the published text can
 * recompute it.
 */
export function canonicalStatementText(c: StatementContent & { jurisdiction: string }): string {
  const clean = (s: string) =>
    s
      .normalize("NFC")
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .map((line) => line.trimEnd())
      .join("\n")
      .trim();
  return [
    `Title: ${clean(c.title)}`,
    `Jurisdiction: ${clean(c.jurisdiction)}`,
    `Summary: ${clean(c.summary)}`,
    ...c.preamble.map((p, i) => `Whereas ${i + 1}: ${clean(p)}`),
    `Call to residents: ${clean(c.callToResidents)}`,
    `Ask of officials: ${clean(c.askOfOfficials)}`,
    `Pledge: ${clean(c.pledge)}`,
  ].join("\n");
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
const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max.toLocaleString("en-US")} characters`)
    .refine(noControl, `${label} contains characters that cannot be shown`);

export const deliveryTriggerSchema = z.enum(DELIVERY_TRIGGERS);

export const SLUG_MAX = 60;
export const SLUG_TAKEN = "That web address is taken";
export const GOAL_MAX = 10_000_000;

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
export const draftSchema = z.object({
  // A title is the subject line of every email about the statement: one line.
  title: text(TITLE_MAX, "Title").refine((v) => !/[\r\n\u2028\u2029]/.test(v), "The title must fit on one line"),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .max(SLUG_MAX, `The web address must be at most ${SLUG_MAX} characters`)
    .regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/, "Use lower-case letters, numbers and single hyphens only"),
  summary: text(SUMMARY_MAX, "Summary"),
  preamble: z
    .array(text(PARAGRAPH_MAX, "Each reason"))
    .max(PREAMBLE_MAX_PARAGRAPHS, `At most ${PREAMBLE_MAX_PARAGRAPHS} reasons`)
    // Emptied boxes are how a reason is removed.
    .transform((paragraphs) => paragraphs.filter(Boolean)),
  callToResidents: text(PARAGRAPH_MAX, "The call to residents"),
  askOfOfficials: text(PARAGRAPH_MAX, "The ask of officials"),
  pledge: text(PARAGRAPH_MAX, "The pledge"),
  goal: z
    .string()
    .trim()
    .min(1, "Enter a signature goal")
    .regex(/^-?\d+$/, "The goal must be a whole number")
    .transform(Number)
    .pipe(
      z
        .number()
        .int("The goal must be a whole number")
        .min(1, "The goal must be at least 1")
        .max(GOAL_MAX, `The goal must be at most ${GOAL_MAX.toLocaleString("en-US")}`),
    ),
  deadline: z
    .string()
    .trim()
    .refine((v) => !v || deadlineEnd(v) !== null, "Enter the deadline as a real date, like 2027-03-31")
    .refine((v) => !v || (deadlineEnd(v)?.getTime() ?? 0) >= Date.now(), "The deadline must be in the future")
    .transform((v) => (v ? v : null)),
  askWard: z.boolean(),
  deliveryTrigger: deliveryTriggerSchema,
  keepCollecting: z.boolean(),
  jurisdictionId: idSchema("Choose a jurisdiction"),
  officialIds: z.array(idSchema("Choose officials from the list")).max(200),
});
export type Draft = z.output<typeof draftSchema>;

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
    const key = field === "preamble" && typeof index === "number" ? `preamble-${index}` : String(field ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}

export const DRAFT_LABELS: Record<string, string> = {
  title: "Title",
  slug: "Web address",
  summary: "Summary",
  preamble: "Reasons",
  callToResidents: "Call to residents",
  askOfOfficials: "Ask of officials",
  pledge: "Pledge",
  jurisdictionId: "Jurisdiction",
  officialIds: "Officials",
  goal: "Signature goal",
  deadline: "Deadline",
  deliveryTrigger: "Delivery",
};

const HTML_TAG = /<\/?[a-z!][^>]*>/i;

/** Publishing needs everything a signer and an official will read. */
export function publishProblems(d: Draft, now = new Date()): Partial<Record<keyof Draft, string>> {
  const problems: Partial<Record<keyof Draft, string>> = {};
  if (!d.title) problems.title = "Give the statement a title";
  else if (HTML_TAG.test(d.title)) problems.title = "The title cannot contain HTML tags";
  if (!d.slug) problems.slug = "Choose a web address";
  if (!d.summary) problems.summary = "Write a one-paragraph summary";
  if (d.preamble.filter(Boolean).length === 0) problems.preamble = "Give at least one reason (a “whereas”)";
  if (!d.callToResidents) problems.callToResidents = "Write the call to residents";
  if (!d.askOfOfficials) problems.askOfOfficials = "Say what you ask of officials";
  if (!d.pledge) problems.pledge = "Write the pledge signers make";
  if (d.officialIds.length === 0) problems.officialIds = "Choose at least one official to deliver to";
  if (d.deadline) {
    const end = deadlineEnd(d.deadline);
    if (!end) problems.deadline = "Enter a real date";
    else if (end.getTime() < now.getTime()) problems.deadline = "The deadline must be in the future";
  }
  if (d.deliveryTrigger === "deadline" && !d.deadline) problems.deadline = "Set a deadline to deliver on";
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
  template: z.enum(TEMPLATE_IDS, { message: "Choose a template" }),
  jurisdictionId: idSchema("Choose a jurisdiction"),
});

export const reviewSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("approve"), statementId: idSchema("Choose a statement") }),
  z.object({
    decision: z.literal("reject"),
    statementId: idSchema("Choose a statement"),
    reason: text(2_000, "The reason").pipe(z.string().min(1, "Say why, so the organizer can fix it")),
  }),
]);

export function progressPercent(count: number, goal: number): number {
  if (goal <= 0) return 100;
  return Math.min(100, Math.floor((count / goal) * 100));
}
