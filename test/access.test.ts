import { beforeAll, describe, expect, it } from "vitest";
import { inviteCoOrganizer } from "~/organizers/co-organizers.server";
import { invitationLink } from "./support/invitations";
import { createPendingSignature, createVerifiedSignature, tokenOf } from "./support/signature-factories";
import { useApp } from "./support/app";
import { createWorld, madeUpToken, ROLES, type Role, type World } from "./support/roles";
import { getDb } from "~/db.server";
import { requestMySignaturesLink } from "../app/signing/my-signatures.server";

// Every route against every role, in one table: only the right ones get in.
//
//   in      the page or action is theirs: 2xx, or a redirect that is not to sign in
//   login   sent to sign in (302 to /login)
//   404     as if it did not exist (nobody learns what others organize)
//   refused a 200 page that only says the link is not valid
//   <n>     exactly that status

type Outcome = "in" | "login" | "refused" | number;
type Row = {
  route: string;
  method?: "GET" | "POST";
  /** The address; `mine` says whether this role holds the link's token (else it tries a made-up one). */
  path: (mine: boolean) => string | Promise<string>;
  body?: (role: Role, mine: boolean) => Record<string, string> | Promise<Record<string, string>>;
  holders?: Role[];
  expect: Record<Role, Outcome>;
};

const everyone = (o: Outcome) => Object.fromEntries(ROLES.map((r) => [r, o])) as Record<Role, Outcome>;
/** Pages of one organizer's statement. */
const organizers = (inside: Outcome = "in"): Record<Role, Outcome> => ({
  anonymous: "login",
  signer: "login",
  official: "login",
  owner: inside,
  coOrganizer: inside,
  otherOrganizer: 404,
  admin: 404,
});
const anyOrganizer: Record<Role, Outcome> = { ...organizers(), otherOrganizer: "in", admin: "in" };
const adminOnly: Record<Role, Outcome> = { ...organizers(), owner: 404, coOrganizer: 404, otherOrganizer: 404, admin: "in" };
/** A link's page or action: its holder gets in; anyone else, trying a made-up token, gets `others`. */
const linkHolder = (holder: Role, others: Outcome, inside: Outcome = "in") => ({ ...everyone(others), [holder]: inside });

// The built app in process: who gets in is the routes' business, not the HTTP layer's.
const app = useApp({ inProcess: true, env: { ADMIN_EMAILS: "admin@example.org" } });
let w: World;
/** The signer's /my-signatures link and one of their signatures. */
let mine: { token: string; signatureId: string };

beforeAll(async () => {
  w = await createWorld();
  await requestMySignaturesLink({ email: w.signer.email, clientIp: "192.0.2.200", locale: "en" });
  const mail = await getDb().selectFrom("outbox").select("text_body").where("to_address", "=", w.signer.email).where("kind", "=", "my_signatures_link").executeTakeFirstOrThrow();
  const signature = await getDb().selectFrom("signatures").select("id").where("email", "=", w.signer.email).executeTakeFirstOrThrow();
  mine = { token: mail.text_body.match(/\/my-signatures\/([A-Za-z0-9_-]{43})/)![1], signatureId: signature.id };
});

/** A fresh invitation to the owner's draft, for a new address: its link's token. */
async function invitationToken() {
  const email = `invitee-${Math.random().toString(36).slice(2)}@example.org`;
  await inviteCoOrganizer({ statementId: w.statements.draft.id, invitedBy: w.users.owner, email });
  return tokenOf(await invitationLink(email));
}

function table(): Row[] {
  const open = w.statements.open;
  const manage = `/organize/statements/${open.id}`;
  const token = (mine: boolean, real: string) => (mine ? real : madeUpToken());
  const csrf = (role: Role) => ({ csrf: w.sessions[role]?.csrf ?? "" });
  const unique = () => Math.random().toString(36).slice(2);
  return [
    { route: "home", path: () => "/", expect: everyone(200) },
    { route: "about", path: () => "/about", expect: everyone(200) },
    { route: "privacy", path: () => "/privacy", expect: everyone(200) },
    { route: "verify a packet or receipt", path: () => "/verify", expect: everyone(200) },
    { route: "a delivery's public manifest", path: () => `/statements/${w.statements.delivered.slug}/deliveries/1/manifest.json`, expect: everyone(200) },
    { route: "a draft's manifest", path: () => `/statements/${w.statements.draft.slug}/deliveries/1/manifest.json`, expect: everyone(404) },
    { route: "statement page", path: () => `/statements/${open.slug}`, expect: everyone(200) },
    { route: "delivered statement page", path: () => `/statements/${w.statements.delivered.slug}`, expect: everyone(200) },
    { route: "count", path: () => `/statements/${open.slug}/count`, expect: everyone(200) },
    { route: "public JSON", path: () => `/api/statements/${open.slug}`, expect: everyone(200) },
    { route: "embed", path: () => `/statements/${open.slug}/embed`, expect: everyone(200) },
    { route: "signed", path: () => `/statements/${open.slug}/signed`, expect: everyone(200) },
    { route: "feed", path: () => "/statements.atom", expect: everyone(200) },
    { route: "health", path: () => "/healthz", expect: everyone(200) },
    { route: "no such page", path: () => "/no-such-page", expect: everyone(404) },
    { route: "a draft by its address", path: () => `/statements/${w.statements.draft.slug}`, expect: everyone(404) },
    { route: "a draft's count", path: () => `/statements/${w.statements.draft.slug}/count`, expect: everyone(404) },
    { route: "a draft's JSON", path: () => `/api/statements/${w.statements.draft.slug}`, expect: everyone(404) },
    { route: "a draft's embed", path: () => `/statements/${w.statements.draft.slug}/embed`, expect: everyone(404) },
    { route: "sign", method: "POST", path: () => `/statements/${open.slug}`, body: () => ({ name: "A Signer", email: `${unique()}@example.org`, ward: "outside", display: "full" }), expect: everyone(303) },
    { route: "sign in", path: () => "/login", expect: { ...everyone(200), owner: 302, coOrganizer: 302, otherOrganizer: 302, admin: 302 } },
    { route: "sign-in link sent", path: () => "/login/sent", expect: everyone(200) },
    { route: "sign-in link page", path: () => `/login/verify?token=${madeUpToken()}`, expect: everyone(200) },
    { route: "sign-in link, made up", method: "POST", path: () => "/login/verify", body: () => ({ token: madeUpToken() }), expect: everyone(200) },

    // A signer's links, from their emails.
    { route: "verification page", path: (m) => `/signatures/verify?token=${token(m, w.signer.verify)}`, holders: ["signer"], expect: linkHolder("signer", "refused") },
    {
      route: "confirm a signature",
      method: "POST",
      path: () => "/signatures/verify",
      // Each confirmation spends its token: the holder gets a fresh one.
      body: async (_, m) => ({ token: m ? (await createPendingSignature({ slug: open.slug })).token : madeUpToken() }),
      holders: ["signer"],
      expect: linkHolder("signer", 404, 303),
    },
    { route: "withdrawal page", path: (m) => `/signatures/withdraw?token=${token(m, w.signer.withdraw)}`, holders: ["signer"], expect: linkHolder("signer", "refused") },
    {
      route: "withdraw a signature",
      method: "POST",
      path: () => "/signatures/withdraw",
      body: async (_, m) => ({ token: m ? (await createVerifiedSignature({ slug: open.slug })).withdrawToken : madeUpToken() }),
      holders: ["signer"],
      expect: linkHolder("signer", 404, 200),
    },
    { route: "unsubscribe page", path: (m) => `/unsubscribe?token=${token(m, w.signer.unsubscribe)}`, holders: ["signer"], expect: linkHolder("signer", 404) },
    { route: "unsubscribe", method: "POST", path: (m) => `/unsubscribe?token=${token(m, w.signer.unsubscribe)}`, holders: ["signer"], expect: linkHolder("signer", 404) },

    // A signer's own signatures, by emailed link (asking answers everyone alike).
    { route: "my signatures", path: () => "/my-signatures", expect: everyone(200) },
    { route: "ask for my signatures", method: "POST", path: () => "/my-signatures", body: () => ({ email: `${unique()}@example.org` }), expect: everyone(302) },
    { route: "my signatures link sent", path: () => "/my-signatures/sent", expect: everyone(200) },
    { route: "my signatures page", path: (m) => `/my-signatures/${token(m, mine.token)}`, holders: ["signer"], expect: linkHolder("signer", 404) },
    { route: "ask to withdraw mine", method: "POST", path: (m) => `/my-signatures/${token(m, mine.token)}`, body: () => ({ intent: "withdraw", signature: mine.signatureId }), holders: ["signer"], expect: linkHolder("signer", 404) },
    { route: "export mine", method: "POST", path: (m) => `/my-signatures/${token(m, mine.token)}/export`, holders: ["signer"], expect: linkHolder("signer", 404) },

    // An official's link, from the delivery email.
    { route: "official's page", path: (m) => `/officials/${token(m, w.official)}`, holders: ["official"], expect: linkHolder("official", 404) },
    { route: "official's PDF", path: (m) => `/officials/${token(m, w.official)}/packet.pdf`, holders: ["official"], expect: linkHolder("official", 404) },
    { route: "official's CSV", path: (m) => `/officials/${token(m, w.official)}/signatures.csv`, holders: ["official"], expect: linkHolder("official", 404) },
    { route: "official's manifest", path: (m) => `/officials/${token(m, w.official)}/manifest.json`, holders: ["official"], expect: linkHolder("official", 404) },
    { route: "acknowledge", method: "POST", path: (m) => `/officials/${token(m, w.official)}`, body: () => ({ intent: "acknowledge" }), holders: ["official"], expect: linkHolder("official", 404) },
    { route: "preview a response", method: "POST", path: (m) => `/officials/${token(m, w.official)}`, body: () => ({ intent: "preview", response: "Thank you." }), holders: ["official"], expect: linkHolder("official", 404) },

    // Organizers.
    { route: "my statements", path: () => "/organize", expect: anyOrganizer },
    { route: "start a statement", path: () => "/organize/new", expect: anyOrganizer },
    { route: "create a draft", method: "POST", path: () => "/organize/new", body: (r) => ({ ...csrf(r), template: "blank", jurisdictionId: String(w.jurisdiction.id) }), expect: anyOrganizer },
    { route: "manage", path: () => manage, expect: organizers() },
    { route: "preview", path: () => `${manage}/preview`, expect: organizers() },
    { route: "dashboard", path: () => `${manage}/dashboard`, expect: organizers() },
    { route: "updates", path: () => `${manage}/updates`, expect: organizers() },
    { route: "CSV export", path: () => `${manage}/signatures.csv`, expect: organizers() },
    { route: "delivery board", path: () => `${manage}/delivery`, expect: organizers() },
    { route: "another's draft", path: () => `/organize/statements/${w.statements.others.id}`, expect: { ...organizers(404), otherOrganizer: "in" } },
    { route: "invite a co-organizer", method: "POST", path: () => manage, body: (r) => ({ ...csrf(r), intent: "invite", email: `${unique()}@example.org` }), expect: organizers() },
    // A co-organizer invitation's link, from its email (held by the invitee).
    { route: "invitation page", path: (m) => (m ? invitationToken().then((t) => `/organize/invitation?token=${t}`) : `/organize/invitation?token=${madeUpToken()}`), holders: ["signer"], expect: linkHolder("signer", 404) },
    { route: "accept an invitation", method: "POST", path: () => "/organize/invitation", body: async (_, m) => ({ token: m ? await invitationToken() : madeUpToken() }), holders: ["signer"], expect: linkHolder("signer", 404) },
    { route: "send an update", method: "POST", path: () => `${manage}/updates`, body: (r) => ({ ...csrf(r), subject: "News", body: "More news." }), expect: organizers() },
    { route: "retry a delivery", method: "POST", path: () => `${manage}/delivery`, body: (r) => ({ ...csrf(r), intent: "retry", officialDeliveryId: "1" }), expect: organizers() },
    { route: "copy a statement", method: "POST", path: () => `/organize/statements/${w.statements.delivered.id}`, body: (r) => ({ ...csrf(r), intent: "copy" }), expect: organizers() },

    // Platform admins.
    { route: "officials directory", path: () => "/admin/officials", expect: adminOnly },
    { route: "moderation queue", path: () => "/admin/moderation", expect: adminOnly },
    { route: "add a city", method: "POST", path: () => "/admin/officials", body: (r) => ({ ...csrf(r), intent: "addJurisdiction", jurisdictionName: `Town ${unique()}`, wards: "" }), expect: adminOnly },
    { route: "moderate", method: "POST", path: () => "/admin/moderation", body: (r) => ({ ...csrf(r), decision: "approve", statementId: "999999" }), expect: adminOnly },

    // While NODE_ENV is not production (the production app answers 404: test/headers.test.ts).
    { route: "dev mailbox", path: () => "/dev/mailbox", expect: everyone(200) },
  ];
}

function matches(outcome: Outcome, status: number, location: string | null, html: string) {
  if (typeof outcome === "number") return status === outcome;
  if (outcome === "login") return status === 302 && (location ?? "").startsWith("/login?redirectTo=");
  if (outcome === "refused") return status === 200 && html.includes('role="alert"') && !html.includes('name="token" value="');
  return (status >= 200 && status < 300) || ([302, 303].includes(status) && !(location ?? "").startsWith("/login"));
}

describe("every route × every role", () => {
  it("lets in only the right people", async () => {
    const rows = table();
    const wrong: string[] = [];
    let checked = 0;
    for (const row of rows) {
      for (const role of ROLES) {
        const mine = row.holders?.includes(role) ?? false;
        const session = w.sessions[role];
        const path = await row.path(mine);
        const method = row.method ?? "GET";
        const res = await app.fetch(path, {
          method,
          headers: session ? { cookie: session.cookie } : {},
          body: method === "POST" ? new URLSearchParams(row.body ? await row.body(role, mine) : {}) : undefined,
        });
        const html = await res.text();
        checked++;
        const expected = row.expect[role];
        if (!matches(expected, res.status, res.headers.get("location"), html))
          wrong.push(`${row.route} (${method} ${path.replace(/[A-Za-z0-9_-]{43}/g, "<token>")}) as ${role}: expected ${expected}, got ${res.status} ${res.headers.get("location") ?? ""}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(rows.length * ROLES.length);
  });

  it("covers every route the app has", async () => {
    const { readdir } = await import("node:fs/promises");
    const files = (await readdir("app/routes")).map((f) => f.replace(/\.tsx?$/, ""));
    const covered = new Set(
      table().map((r) => {
        const p = r.path(false);
        return typeof p === "string" ? p : "";
      }),
    );
    // Each route file, as the addresses the table uses (the made-up ones are enough to place them).
    const pattern: Record<string, RegExp> = {
      _index: /^\/$/,
      $: /^\/no-such-page$/,
      about: /^\/about$/,
      privacy: /^\/privacy$/,
      verify: /^\/verify$/,
      "statements.$slug.deliveries.$n.manifest[.]json": /\/deliveries\/\d+\/manifest\.json$/,
      "admin.moderation": /^\/admin\/moderation$/,
      "admin.officials": /^\/admin\/officials$/,
      "api.statements.$slug": /^\/api\/statements\//,
      "dev.mailbox": /^\/dev\/mailbox$/,
      healthz: /^\/healthz$/,
      "login._index": /^\/login$/,
      "my-signatures._index": /^\/my-signatures$/,
      "my-signatures.sent": /^\/my-signatures\/sent$/,
      "my-signatures.$token": /^\/my-signatures\/[^/]+$/,
      "my-signatures_.$token.export": /^\/my-signatures\/[^/]+\/export$/,
      "login.sent": /^\/login\/sent$/,
      "login.verify": /^\/login\/verify/,
      "officials.$token.$file": /^\/officials\/[^/]+\/[^/]+$/,
      "officials.$token._index": /^\/officials\/[^/]+$/,
      "organize._index": /^\/organize$/,
      "organize.new": /^\/organize\/new$/,
      "organize.invitation": /^\/organize\/invitation/,
      "organize.statements.$id._index": /^\/organize\/statements\/\d+$/,
      "organize.statements.$id.dashboard": /\/dashboard$/,
      "organize.statements.$id.delivery": /\/delivery$/,
      "organize.statements.$id.preview": /\/preview$/,
      "organize.statements.$id.signatures[.]csv": /\/signatures\.csv$/,
      "organize.statements.$id.updates": /\/updates$/,
      "signatures.verify": /^\/signatures\/verify/,
      "signatures.withdraw": /^\/signatures\/withdraw/,
      "statements.$slug._index": /^\/statements\/[^/]+$/,
      "statements.$slug.count": /\/count$/,
      "statements.$slug.embed": /\/embed$/,
      "statements.$slug.signed": /\/signed$/,
      "statements[.]atom": /^\/statements\.atom$/,
      unsubscribe: /^\/unsubscribe/,
      // Not access-controlled: they only set a cookie or end one's own session.
      language: /^\/language$/,
      logout: /^\/logout$/,
    };
    const uncovered = files.filter((f) => !["language", "logout"].includes(f) && ![...covered].some((p) => pattern[f]?.test(p.split("?")[0])));
    expect(files.filter((f) => !pattern[f])).toEqual([]);
    expect(uncovered).toEqual([]);
  });
});
