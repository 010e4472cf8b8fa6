// What the update form accepts, read by zod: server-only, so the browser never
// loads zod for it.
import { z } from "zod";
import { UPDATE_BODY_MAX, UPDATE_SUBJECT_MAX } from "./updates";

const noControl = (v: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v);

// Messages are catalog keys: the form shows them in the reader's language.
export const statementUpdateSchema = z.object({
  subject: z
    .string()
    .trim()
    .min(1, "updates.error.subjectRequired")
    .max(UPDATE_SUBJECT_MAX, "updates.error.subjectTooLong")
    .refine((v) => !/[\r\n]/.test(v) && noControl(v), "updates.error.subjectOneLine"),
  body: z.preprocess(
    (v) => (typeof v === "string" ? v.replace(/\r\n?/g, "\n") : v),
    z
      .string()
      .trim()
      .min(1, "updates.error.bodyRequired")
      .max(UPDATE_BODY_MAX, "updates.error.bodyTooLong")
      .refine(noControl, "updates.error.bodyCharacters"),
  ),
});
export type StatementUpdateInput = z.output<typeof statementUpdateSchema>;
