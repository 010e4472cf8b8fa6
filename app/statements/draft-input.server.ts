import { z } from "zod";
import { idSchema } from "~/utils/id-schema.server";
import { DELIVERY_TRIGGERS } from "../../db/states";
import { GOAL_MAX, PARAGRAPH_MAX, PREAMBLE_MAX_PARAGRAPHS, REVIEW_REASON_MAX, SLUG_MAX, SUMMARY_MAX, TITLE_MAX } from "./draft-form";
import { deadlineEnd } from "./lifecycle";
import { TEMPLATE_IDS } from "./templates";

// What an organizer or a moderator posts, read by zod: server-only, so the
// browser never loads zod for these forms.

const noControl = (v: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v);
const oneLine = (v: string) => !/[\r\n\u2028\u2029]/.test(v);
// Messages are catalog keys (app/i18n/messages/organizer.ts), shown with DRAFT_MESSAGE_VARS.
const text = (max: number, field: string) =>
  z.string().trim().max(max, `draft.error.${field}.tooLong`).refine(noControl, `draft.error.${field}.characters`);

const deliveryTriggerSchema = z.enum(DELIVERY_TRIGGERS, { message: "draft.error.deliveryTrigger" });

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
