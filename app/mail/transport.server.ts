import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";

/**
 * A pooled SMTP transport: a few long-lived connections carry every message,
 * which is what lets the outbox drain thousands of messages a minute.
 */
export function createTransport(smtpUrl: string, { maxConnections = 5 } = {}): Transporter {
  const url = new URL(smtpUrl);
  return nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === "smtps:" ? 465 : 587)),
    secure: url.protocol === "smtps:",
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    pool: true,
    maxConnections,
    maxMessages: Infinity,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 30_000,
    // A local sink speaks plain SMTP; a real relay negotiates STARTTLS.
    ignoreTLS: url.searchParams.get("tls") === "off",
  });
}
