/** What a run of sign load saw, by email address. */
export interface SignLoad {
  /** Answered 303: the signer was told to check their email. */
  acknowledged: Set<string>;
  /** Answered something else (e.g. 503 while the database was away), by status. */
  refused: Map<number, number>;
  /** No answer at all: the connection broke (the process was killed mid-request). */
  broken: Set<string>;
  /** No answer within 20 s, the connection still open. */
  unanswered: Set<string>;
  stop(): Promise<void>;
}

/**
 * Signs a statement from `concurrency` clients at once through the real
 * server, each signer with its own address and (behind TRUST_PROXY) its own
 * client address, until stopped or until a client's connection breaks
 * `maxBroken` times in a row. `url()` is read before each request, so the
 * load follows an app that was restarted on another port.
 */
export function startSignLoad({
  url,
  slug,
  tag,
  concurrency = 8,
  maxBroken = 3,
}: {
  url: () => string;
  slug: string;
  tag: string;
  concurrency?: number;
  maxBroken?: number;
}): SignLoad {
  const load: SignLoad = { acknowledged: new Set(), refused: new Map(), broken: new Set(), unanswered: new Set(), stop: async () => {} };
  let running = true;
  let n = 0;
  const client = async (c: number) => {
    let brokenInARow = 0;
    while (running && brokenInARow < maxBroken) {
      const i = n++;
      const email = `${tag}-${i}@example.org`;
      try {
        const res = await fetch(`${url()}/statements/${slug}`, {
          method: "POST",
          redirect: "manual",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-forwarded-for": `10.${c}.${(i >> 8) & 255}.${i & 255}`,
          },
          body: new URLSearchParams({ name: `Load Signer ${i}`, email, ward: "outside", display: "full" }),
          // A request the server never answers is a failure to see, not a test that hangs.
          signal: AbortSignal.timeout(20_000),
        });
        await res.arrayBuffer();
        brokenInARow = 0;
        if (res.status === 303) load.acknowledged.add(email);
        else load.refused.set(res.status, (load.refused.get(res.status) ?? 0) + 1);
      } catch (e) {
        if ((e as Error).name === "TimeoutError") load.unanswered.add(email);
        else load.broken.add(email);
        brokenInARow++;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const clients = Promise.all(Array.from({ length: concurrency }, (_, c) => client(c)));
  load.stop = async () => {
    running = false;
    await clients;
  };
  return load;
}

/** Polls `check` every 50 ms until it returns true; fails after `timeoutMs` naming `what`. */
export async function until(check: () => boolean | Promise<boolean>, what: string | (() => string), timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
