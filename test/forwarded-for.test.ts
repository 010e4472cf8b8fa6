import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { LOGIN_LIMITS } from "~/organizers/auth.server";
import { SIGNING_LIMITS } from "~/signing/sign.server";
import { useApp } from "./support/app";
import { createOpenStatement } from "./support/factories";

// The attack: behind one proxy of ours (TRUST_PROXY=1), a client writes its
// own X-Forwarded-For entries, a new made-up one each request, hoping to look
// like many people. Our proxy appends the address it really saw, the
// right-most entry; only that one counts.

const app = useApp({ env: { TRUST_PROXY: "1" } });
const CLIENT = "198.51.100.7";
const forged = (i: number) => ({ "x-forwarded-for": `203.0.113.${i % 250}, 10.9.${i}.1, ${CLIENT}` });
let slug: string;
let statementId: number;

beforeAll(async () => {
  const { statement } = await createOpenStatement({ askWard: false });
  slug = statement.slug;
  statementId = statement.id;
});

describe("TRUST_PROXY=1 with forged X-Forwarded-For entries", () => {
  it("70 signatures from one client are one client: the per-address limit flags those beyond it", async () => {
    const posts = 70;
    for (let i = 0; i < posts; i++) {
      const res = await app.postForm(`/statements/${slug}`, { name: `Signer ${i}`, email: `forged-${i}@example.org`, display: "full" }, { headers: forged(i) });
      expect(res.status, `post ${i}`).toBe(303);
    }
    const rows = await getDb().selectFrom("signatures").select(["client_ip", "state", "suspicious_reason"]).where("statement_id", "=", statementId).execute();
    expect(rows).toHaveLength(posts);
    expect(new Set(rows.map((r) => r.client_ip))).toEqual(new Set([CLIENT]));
    expect(rows.filter((r) => r.state === "pending")).toHaveLength(SIGNING_LIMITS.perIp.limit);
    const flagged = rows.filter((r) => r.state === "suspicious");
    expect(flagged).toHaveLength(posts - SIGNING_LIMITS.perIp.limit);
    expect(flagged.every((r) => r.suspicious_reason === "rate_limit:ip")).toBe(true);
  });

  it("sign-in links: the per-address limit holds against forged entries", async () => {
    const addresses = Array.from({ length: LOGIN_LIMITS.perIp.limit + 10 }, (_, i) => `login-forged-${i}@example.org`);
    for (const [i, email] of addresses.entries()) {
      const res = await app.postForm("/login", { email }, { headers: forged(i) });
      expect(res.status).toBe(302);
    }
    const queued = await getDb().selectFrom("outbox").select("to_address").where("kind", "=", "login").where("to_address", "in", addresses).execute();
    expect(queued).toHaveLength(LOGIN_LIMITS.perIp.limit);
  });
});
