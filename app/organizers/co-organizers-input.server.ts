// What the co-organizer forms accept, read by zod: server-only, so the
// browser never loads zod for these forms.
import { z } from "zod";
import { emailAddressSchema } from "~/mail/email-address";
import { idSchema } from "~/utils/id-schema.server";

export const inviteSchema = z.object({
  email: emailAddressSchema({ required: "invite.error.required" }),
});

export const removeOrganizerSchema = z.object({ userId: idSchema() });
