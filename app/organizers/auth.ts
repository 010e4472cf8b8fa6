import { z } from "zod";

export const LOGIN_TOKEN_TTL_MINUTES = 15;
export const SESSION_TTL_DAYS = 30;

export const emailSchema = z
  .string({ message: "login.error.emailRequired" })
  .trim()
  .min(1, "login.error.emailRequired")
  .max(254, "form.error.emailTooLong")
  .refine((v) => !/[\r\n]/.test(v), "form.error.emailSingle")
  .pipe(z.email("form.error.emailInvalid"))
  .transform((v) => v.toLowerCase());

export const loginRequestSchema = z.object({ email: emailSchema });
