import pino, { type Logger } from "pino";

/** The server's structured log: LOG_LEVEL, or "info" (silent under NODE_ENV=test unless LOG_LEVEL is set). */
export function createLogger({ LOG_LEVEL, NODE_ENV }: { LOG_LEVEL?: string; NODE_ENV: string }): Logger {
  return pino({ level: LOG_LEVEL ?? (NODE_ENV === "test" ? "silent" : "info"), base: { pid: process.pid } });
}
