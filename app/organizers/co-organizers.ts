import { z } from "zod";
import { emailAddressSchema } from "~/mail/email-address";
import { idSchema } from "~/utils/id-schema";

export const inviteSchema = z.object({
  email: emailAddressSchema({ required: "invite.error.required" }),
});

export const removeOrganizerSchema = z.object({ userId: idSchema() });

/** Invitations one organizer may send an hour: enough for a campaign team, too few for spam. */
export const INVITE_LIMIT = { limit: 20, windowSeconds: 3600 };
