import { z } from "zod";

const url = (protocols: string[]) =>
  z.string().trim().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}` },
  );

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    APP_URL: optional(url(["http:", "https:"])),
    DATABASE_URL: optional(url(["postgres:", "postgresql:"])),
    DATABASE_READ_URL: optional(url(["postgres:", "postgresql:"])),
    SMTP_URL: optional(url(["smtp:", "smtps:"])),
    MAIL_FROM: z.string().default("Undersigned <no-reply@undersigned.example>"),
    ADMIN_EMAILS: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((e) => e.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(z.array(z.email({ message: "must be a comma-separated list of email addresses" }))),
    MODERATION: z
      .enum(["required", "off", ""], { message: 'must be "required" or "off"' })
      .default("off")
      .transform((v) => (v === "required" ? "required" : "off")),
    /** How many proxies of ours stand in front (server/middleware/client-address.ts): 0, none. */
    TRUST_PROXY: z
      .string()
      .trim()
      .default("0")
      .refine((v) => /^(|[0-9]|10)$/.test(v), { message: "must be the number of proxies of yours in front of the server (0 to 10)" })
      .transform((v) => Number(v || "0")),
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    DATA_DIR: z.string().default(".data"),
    /** Months after a statement closes (or its last delivery) before its signers' names and addresses are erased. */
    RETENTION_MONTHS: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z.coerce
        .number({ message: "must be a whole number of months" })
        .int("must be a whole number of months")
        .min(1, "must be at least 1")
        .max(1200, "must be at most 1200")
        .default(12),
    ),
    /** pino level for the request log and the server's lines; unset: "info", or silent under NODE_ENV=test. */
    LOG_LEVEL: optional(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { message: "must be one of fatal, error, warn, info, debug, trace, silent" })),
    OUTBOX_WORKER: z
      .enum(["0", "1", ""], { message: 'must be "1" or "0"' })
      .default("1")
      .transform((v) => v !== "0"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production") {
      if (!env.DATABASE_URL)
        ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "is required when NODE_ENV=production" });
      if (!env.SMTP_URL)
        ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: "is required when NODE_ENV=production" });
      // Emailed links are built from it: without it they would point at http://localhost.
      if (!env.APP_URL)
        ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "is required when NODE_ENV=production (the public address emailed links point to)" });
    }
  });

export type Env = z.output<typeof envSchema>;

export class EnvError extends Error {}

/** Parses the environment; a bad variable becomes one line naming it. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue.path[0] ?? "environment");
  const value = source[name];
  const shown = value === undefined ? "" : ` (got ${JSON.stringify(redact(value))})`;
  throw new EnvError(`Invalid environment variable ${name}: ${issue.message}${shown}`);
}

/** Hides the password in a connection URL before it is printed. */
export function redact(value: string): string {
  try {
    const u = new URL(value);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return value;
  }
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/**
 * The server hands the app the environment it validated, completed with what
 * it provided itself (an embedded database's URL, the mail sink's): the app
 * reads that object, and nobody writes to process.env after validation.
 */
export function useEnv(value: Env) {
  cached = value;
}

export function appUrl(): string {
  const e = env();
  return (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}
