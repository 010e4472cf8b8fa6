import { z } from "zod";
import { idSchema } from "~/utils/id-schema";

export const inviteSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "invite.error.required")
    .max(254, "form.error.emailTooLong")
    .refine((v) => !/[\r\n]/.test(v), "form.error.emailSingle")
    .pipe(z.email("form.error.emailInvalid"))
    .transform((v) => v.toLowerCase()),
});

export const removeOrganizerSchema = z.object({ userId: idSchema() });

/** Invitations one organizer may send an hour: enough for a campaign team, too few for spam. */
export const INVITE_LIMIT = { limit: 20, windowSeconds: 3600 };
