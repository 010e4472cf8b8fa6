import { afterAll, beforeAll } from "vitest";
import { closeDbs, getDb, type DB } from "~/db.server";
import { createTransport } from "~/mail/transport.server";
import { startOutboxWorker } from "~/mail/outbox.server";
import { registerDeliveryBackground } from "~/delivery/background.server";
import { startApp, type RunningApp } from "./app-server";
import { getPage, postForm, type Entries, type Fields, type PostOptions } from "./forms";
import { IN_PROCESS_ORIGIN, loadInProcessApp, type AppFetch } from "./in-process";
import { startTestMailbox, type TestMailbox } from "./mail";

type Env = Record<string, string | undefined>;

export interface TestApp {
  /** The app's origin: `http://localhost:<port>`, or the in-process app's. */
  readonly url: string;
  /** The real SMTP server the app's outbox sends to. */
  readonly mailbox: TestMailbox;
  /** This file's database: the one the app uses, unless `env` gives it another DATABASE_URL. */
  readonly db: DB;
  /** The spawned server (only without `inProcess`). */
  readonly server: RunningApp;
  /** A request to the app (a path, or a full address such as a link from an email); redirects are not followed. */
  fetch: AppFetch;
  getPage(pathOrUrl: string, cookie?: string): ReturnType<typeof getPage>;
  /** A form post (support/forms.ts's postForm); a string `options` is the cookie. */
  postForm(pathOrUrl: string, form: Fields | Entries | string, options?: string | Omit<PostOptions, "send">): ReturnType<typeof postForm>;
  stop(): Promise<void>;
}

export interface UseAppOptions {
  /** Extra environment for the app; a function is read in beforeAll, after the file's earlier hooks. */
  env?: Env | (() => Env);
  /**
   * Answer requests in this process through the build's Remix handler
   * (support/in-process.ts) instead of a spawned server, with the outbox
   * worker in this process too. For tests that only need the app's answers,
   * rows and mail; not for headers the HTTP layer sets, signals or restarts.
   */
  inProcess?: boolean;
}

/**
 * The one app-and-mailbox fixture: registers beforeAll/afterAll that start a
 * real SMTP mailbox and the app (the production build) against this file's
 * fresh database, and stop both afterwards. Call it at the top of a test file.
 */
export function useApp({ env = {}, inProcess = false }: UseAppOptions = {}): TestApp {
  let mailbox: TestMailbox | undefined;
  let server: RunningApp | undefined;
  let url: string | undefined;
  let send: AppFetch | undefined;
  let stopApp: (() => Promise<unknown>) | undefined;

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the test app's ${what} is not there: use it inside tests or hooks registered after useApp()`);
    return value;
  };

  beforeAll(async () => {
    mailbox = await startTestMailbox();
    const extra = { SMTP_URL: mailbox.sink.url, ...(typeof env === "function" ? env() : env) };
    if (inProcess) {
      // Before the build is loaded, whenever it reads its environment: this process is this file's alone.
      setEnv({ APP_URL: IN_PROCESS_ORIGIN, ...extra });
      const app = await loadInProcessApp();
      url = app.url;
      send = app.fetch;
      // The outbox worker as the server runs it: the build's own copy where its
      // entry exports one (one copy of the app, one pool, one hook table), else the app's modules.
      const built = app.entry as Partial<{
        closeDbs: typeof closeDbs;
        createTransport: typeof createTransport;
        registerDeliveryBackground: typeof registerDeliveryBackground;
        startOutboxWorker: typeof startOutboxWorker;
      }>;
      const own = built.startOutboxWorker && built.createTransport && built.registerDeliveryBackground;
      (own ? built.registerDeliveryBackground! : registerDeliveryBackground)();
      const transport = (own ? built.createTransport! : createTransport)(mailbox.sink.url);
      const worker = (own ? built.startOutboxWorker! : startOutboxWorker)({ transport, idleMs: 50 });
      stopApp = async () => {
        await worker.stop();
        transport.close();
        await built.closeDbs?.();
      };
    } else {
      server = await startApp(extra);
      url = server.url;
      send = (input, init) => fetch(new URL(input, server!.url), { redirect: "manual", ...init });
      stopApp = () => server!.stop();
    }
  });

  const app: TestApp = {
    get url() {
      return ready(url, "url");
    },
    get mailbox() {
      return ready(mailbox, "mailbox");
    },
    get db() {
      return getDb();
    },
    get server() {
      return ready(server, "server (only a spawned app has one)");
    },
    fetch: (input, init) => ready(send, "fetch")(input, init),
    getPage: (pathOrUrl, cookie) => getPage(new URL(pathOrUrl, app.url).href, cookie, app.fetch),
    postForm: (pathOrUrl, form, options = {}) =>
      postForm(new URL(pathOrUrl, app.url).href, form, { ...(typeof options === "string" ? { cookie: options } : options), send: app.fetch }),
    async stop() {
      await stopApp?.();
      stopApp = undefined;
      await mailbox?.stop();
      mailbox = undefined;
    },
  };

  afterAll(() => app.stop());
  return app;
}

function setEnv(values: Env) {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
