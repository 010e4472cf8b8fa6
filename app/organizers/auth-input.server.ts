// What the login form accepts, read by zod: server-only, so the browser never
// loads zod for it.
import { z } from "zod";
import { emailAddressSchema } from "~/mail/email-address";

export const emailSchema = emailAddressSchema({ required: "login.error.emailRequired" });

export const loginRequestSchema = z.object({ email: emailSchema });
