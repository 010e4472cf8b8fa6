import { z } from "zod";
import { idSchema } from "./ids";

export const inviteSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter the email address of the person to invite")
    .max(254, "That email address is too long")
    .refine((v) => !/[\r\n]/.test(v), "Enter a single email address")
    .pipe(z.email("Enter an email address like name@example.org"))
    .transform((v) => v.toLowerCase()),
});

export const removeOrganizerSchema = z.object({ userId: idSchema() });

/** Invitations one organizer may send an hour: enough for a campaign team, too few for spam. */
export const INVITE_LIMIT = { limit: 20, windowSeconds: 3600 };
