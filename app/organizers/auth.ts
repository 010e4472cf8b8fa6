import { z } from "zod";
import { emailAddressSchema } from "~/mail/email-address";

export const LOGIN_TOKEN_TTL_MINUTES = 15;
export const SESSION_TTL_DAYS = 30;

export const emailSchema = emailAddressSchema({ required: "login.error.emailRequired" });

export const loginRequestSchema = z.object({ email: emailSchema });
