import { z } from "zod";

const noLineBreaks = (v: string) => !/[\r\n]/.test(v);

/** An email as the app asks for it to be sent. Validated before it is stored. */
export const outgoingEmailSchema = z.object({
  kind: z.string().min(1).max(60),
  to: z.email().max(320).refine(noLineBreaks, "must be one address"),
  subject: z.string().min(1).max(300).refine(noLineBreaks, "must be one line"),
  text: z.string().min(1),
  html: z.string().optional(),
  headers: z
    .record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string().refine(noLineBreaks, "must be one line"))
    .optional(),
  attachments: z
    .array(
      z.object({
        filename: z.string().min(1).max(200),
        contentType: z.string().min(1),
        base64: z.string().optional(),
        ref: z.object({ kind: z.string(), id: z.string() }).optional(),
      }),
    )
    .optional(),
});
export type OutgoingEmail = z.input<typeof outgoingEmailSchema>;

export const OUTBOX_MAX_ATTEMPTS = 8;

/** Exponential backoff: 5 s, 10 s, 20 s … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
}
