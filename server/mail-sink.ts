import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";

export interface CapturedMail {
  from: string | null;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  messageId: string | null;
  headers: Map<string, unknown>;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

export interface MailSink {
  port: number;
  /** An SMTP_URL pointing at this sink. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps what it receives. It runs in the
 * app when SMTP_URL is unset (the dev mailbox reads what it captured) and in
 * the tests, so mail always crosses a real SMTP conversation over TCP.
 */
export async function startMailSink({
  port = 0,
  onMessage,
}: {
  port?: number;
  onMessage: (mail: CapturedMail) => void | Promise<void>;
}): Promise<MailSink> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    size: 50 * 1024 * 1024,
    // Pooled clients keep connections open; do not wait 30 s for them on stop.
    closeTimeout: 200,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed: ParsedMail) => {
          await onMessage({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : null,
            messageId: parsed.messageId ?? null,
            headers: parsed.headers,
            attachments: parsed.attachments.map((a) => ({
              filename: a.filename ?? "attachment",
              contentType: a.contentType,
              content: a.content,
            })),
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A client that drops the connection is not the sink's problem.
  server.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actualPort = (server.server.address() as AddressInfo).port;
  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}?tls=off`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
