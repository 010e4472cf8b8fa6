import { z } from "zod";

export const LOGIN_TOKEN_TTL_MINUTES = 15;
export const SESSION_TTL_DAYS = 30;

export const emailSchema = z
  .string({ message: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "That email address is too long")
  .refine((v) => !/[\r\n]/.test(v), "Enter a single email address")
  .pipe(z.email("Enter an email address like name@example.org"))
  .transform((v) => v.toLowerCase());

export const loginRequestSchema = z.object({ email: emailSchema });

/** Only local paths, so a sign-in link can never send someone elsewhere. */
export function safeRedirect(to: unknown, fallback = "/organize"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.includes("\\")) return fallback;
  return to;
}
