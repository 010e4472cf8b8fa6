import { z } from "zod";
import { DELIVERY_TRIGGERS, STATEMENT_STATES } from "./states";

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

/** A draft may be incomplete; only lengths and shapes are checked when saving. */
export const draftSchema = z.object({
  title: text(TITLE_MAX, "Title"),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .max(60, "The web address must be at most 60 characters")
    .regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/, "Use lower-case letters, numbers and single hyphens only"),
  summary: text(SUMMARY_MAX, "Summary"),
  preamble: z
    .array(text(PARAGRAPH_MAX, "Each reason"))
    .max(PREAMBLE_MAX_PARAGRAPHS, `At most ${PREAMBLE_MAX_PARAGRAPHS} reasons`),
  callToResidents: text(PARAGRAPH_MAX, "The call to residents"),
  askOfOfficials: text(PARAGRAPH_MAX, "The ask of officials"),
  pledge: text(PARAGRAPH_MAX, "The pledge"),
  goal: z.coerce
    .number({ message: "The goal must be a whole number" })
    .int("The goal must be a whole number")
    .min(1, "The goal must be at least 1")
    .max(10_000_000, "The goal must be at most 10,000,000"),
  deadline: z
    .string()
    .trim()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, "Enter the deadline as a date, like 2027-03-31")
    .transform((v) => (v ? v : null)),
  askWard: z.boolean(),
  deliveryTrigger: deliveryTriggerSchema,
  keepCollecting: z.boolean(),
  jurisdictionId: z.coerce.number().int().positive("Choose a jurisdiction"),
  officialIds: z.array(z.coerce.number().int().positive()).max(200),
});
export type Draft = z.output<typeof draftSchema>;

/** Publishing needs everything a signer and an official will read. */
export function publishProblems(d: Draft, now = new Date()): Partial<Record<keyof Draft, string>> {
  const problems: Partial<Record<keyof Draft, string>> = {};
  if (!d.title) problems.title = "Give the statement a title";
  if (/<\s*\/?\s*script/i.test(d.title)) problems.title = "The title cannot contain HTML tags";
  if (!d.slug) problems.slug = "Choose a web address";
  if (!d.summary) problems.summary = "Write a one-paragraph summary";
  if (d.preamble.filter(Boolean).length === 0) problems.preamble = "Give at least one reason (a “whereas”)";
  if (!d.callToResidents) problems.callToResidents = "Write the call to residents";
  if (!d.askOfOfficials) problems.askOfOfficials = "Say what you ask of officials";
  if (!d.pledge) problems.pledge = "Write the pledge signers make";
  if (d.officialIds.length === 0) problems.officialIds = "Choose at least one official to deliver to";
  if (d.deadline) {
    const end = new Date(`${d.deadline}T23:59:59Z`);
    if (Number.isNaN(end.getTime())) problems.deadline = "Enter a real date";
    else if (end.getTime() < now.getTime()) problems.deadline = "The deadline must be in the future";
  }
  if (d.deliveryTrigger === "deadline" && !d.deadline) problems.deadline = "Set a deadline to deliver on";
  return problems;
}

export function progressPercent(count: number, goal: number): number {
  if (goal <= 0) return 100;
  return Math.min(100, Math.floor((count / goal) * 100));
}
