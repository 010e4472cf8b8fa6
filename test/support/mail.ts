import { afterAll, beforeAll } from "vitest";
import { startMailSink, type CapturedMail, type MailSink } from "../../server/mail-sink";

export interface TestMailbox {
  sink: MailSink;
  messages: CapturedMail[];
  /** Waits until a message matching `match` arrives, and returns it. */
  waitFor(match: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  /** Waits until `count` messages matching `match` have arrived. */
  waitForCount(count: number, match?: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail[]>;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

/** A real SMTP server on loopback that keeps what it receives, for tests. */
export async function startTestMailbox(): Promise<TestMailbox> {
  const messages: CapturedMail[] = [];
  const onMessage = (m: CapturedMail) => {
    messages.push(m);
  };
  let sink = await startMailSink({ onMessage });
  const port = sink.port;
  const poll = async <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = check();
      if (found !== undefined) return found;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; have ${messages.length} message(s): ${messages.map((m) => m.subject).join(" | ")}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const box: TestMailbox = {
    get sink() {
      return sink;
    },
    messages,
    waitFor: (match, timeoutMs = 15_000) => poll(() => messages.find(match), timeoutMs, "a matching email"),
    waitForCount: (count, match = () => true, timeoutMs = 30_000) =>
      poll(
        () => {
          const found = messages.filter(match);
          return found.length >= count ? found : undefined;
        },
        timeoutMs,
        `${count} emails`,
      ),
    stop: () => sink.stop(),
    async restart() {
      sink = await startMailSink({ port, onMessage });
    },
  };
  return box;
}

/** The first link in a message's text that starts with `prefix`. */
export function linkIn(mail: CapturedMail, pathPrefix: string): string {
  const links = mail.text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
  const link = links.find((l) => new URL(l).pathname.startsWith(pathPrefix));
  if (!link) throw new Error(`no link to ${pathPrefix} in "${mail.subject}":\n${mail.text}`);
  return link;
}

/** Only the real SMTP mailbox, for files that drive the outbox themselves (or spawn the app their own way). */
export function useMailbox(): TestMailbox {
  let mailbox: TestMailbox | undefined;
  beforeAll(async () => {
    mailbox = await startTestMailbox();
  });
  afterAll(async () => {
    await mailbox?.stop();
  });
  const current = () => {
    if (!mailbox) throw new Error("the mailbox is started in beforeAll: use it inside tests or later hooks");
    return mailbox;
  };
  return {
    get sink() {
      return current().sink;
    },
    get messages() {
      return current().messages;
    },
    waitFor: (...args) => current().waitFor(...args),
    waitForCount: (...args) => current().waitForCount(...args),
    stop: () => current().stop(),
    restart: () => current().restart(),
  };
}
