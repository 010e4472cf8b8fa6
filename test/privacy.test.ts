import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { useApp } from "./support/app";
import { linkIn } from "./support/mail";
import { pdfPages } from "./support/pdf";
import { createWorld, type World } from "./support/roles";

const app = useApp({ env: { ADMIN_EMAILS: "admin@example.org" } });

// Organizers, officials and the public never see a signer's email address,
// on any page, export, packet or email; and a signer can take their
// signature back.

let w: World;
let signerEmails: string[];

beforeAll(async () => {
  w = await createWorld();
  signerEmails = (await getDb().selectFrom("signatures").select("email").execute()).map((r) => r.email);
});

/** Any signer's address, or the part of it before the @, in `text`. */
function leaked(text: string) {
  return signerEmails.filter((e) => text.includes(e) || text.includes(e.split("@")[0]));
}

describe("signers' email addresses", () => {
  it("appear on no organizer, official or public page, export or packet", async () => {
    expect(signerEmails.length).toBeGreaterThan(5);
    const open = w.statements.open;
    const delivered = w.statements.delivered;
    const reads: [string, string?][] = [];
    for (const s of [open, delivered])
      for (const role of ["owner", "coOrganizer"] as const)
        for (const page of ["", "/preview", "/dashboard", "/updates", "/delivery", "/signatures.csv"]) reads.push([`/organize/statements/${s.id}${page}`, w.sessions[role]!.cookie]);
    reads.push(["/organize", w.sessions.owner!.cookie]);
    reads.push(["/admin/moderation", w.sessions.admin!.cookie]);
    for (const s of [open, delivered]) reads.push([`/statements/${s.slug}`], [`/api/statements/${s.slug}`], [`/statements/${s.slug}/embed`]);
    reads.push(["/"], ["/statements.atom"]);
    reads.push([`/officials/${w.official}`], [`/officials/${w.official}/signatures.csv`], [`/officials/${w.official}/manifest.json`]);
    for (const [path, cookie] of reads) {
      const res = await fetch(`${app.url}${path}`, { headers: cookie ? { cookie } : {} });
      expect(res.status, path).toBe(200);
      expect(leaked(await res.text()), path).toEqual([]);
    }
    const pdf = new Uint8Array(await (await fetch(`${app.url}/officials/${w.official}/packet.pdf`)).arrayBuffer());
    expect(leaked((await pdfPages(pdf)).join(" "))).toEqual([]);
    expect(leaked(Buffer.from(pdf).toString("latin1"))).toEqual([]);
  });

  it("reach nobody but their owner by email: officials' and organizers' mail leaves them out", async () => {
    // The official answers: signers who asked are told, and so are the organizers.
    const answered = await fetch(`${app.url}/officials/${w.official}`, { method: "POST", body: new URLSearchParams({ intent: "respond", response: "We will act on this." }), redirect: "manual" });
    expect(answered.status).toBe(302);
    await app.mailbox.waitFor((m) => m.to.includes(w.users.owner.email) && m.subject.includes("responded"));
    const queued = await getDb().selectFrom("outbox").select(["to_address", "subject", "text_body", "attachments"]).execute();
    for (const m of queued) {
      if (signerEmails.includes(m.to_address)) continue;
      expect(leaked(`${m.subject}\n${m.text_body}\n${JSON.stringify(m.attachments)}`), `${m.to_address}: ${m.subject}`).toEqual([]);
    }
    for (const m of app.mailbox.messages) {
      if (m.to.some((to) => signerEmails.includes(to))) continue;
      expect(leaked(`${m.subject}\n${m.text}\n${m.attachments.map((a) => a.content.toString("latin1")).join("\n")}`), m.subject).toEqual([]);
    }
  });
});

describe("withdrawal", () => {
  it("stops counting at once and drops the signer from the organizers' export", async () => {
    const open = w.statements.open;
    const count = async () => ((await (await fetch(`${app.url}/statements/${open.slug}/count`)).json()) as { verified: number }).verified;
    const csv = async () => (await fetch(`${app.url}/organize/statements/${open.id}/signatures.csv`, { headers: { cookie: w.sessions.owner!.cookie } })).text();
    const name = (await getDb().selectFrom("signatures").select("name").where("email", "=", w.signer.email).executeTakeFirstOrThrow()).name;
    const before = await count();
    expect(await csv()).toContain(name);

    const page = await fetch(`${app.url}/signatures/withdraw?token=${w.signer.withdraw}`);
    expect(await page.text()).toContain("Withdraw my signature");
    const done = await fetch(`${app.url}/signatures/withdraw`, { method: "POST", body: new URLSearchParams({ token: w.signer.withdraw }) });
    expect(done.status).toBe(200);
    expect(await count()).toBe(before - 1);
    expect(await csv()).not.toContain(name);
    const again = await fetch(`${app.url}/signatures/withdraw`, { method: "POST", body: new URLSearchParams({ token: w.signer.withdraw }) });
    expect(again.status).toBe(409);
    // The confirmation email told them how.
    const mail = await getDb().selectFrom("outbox").select("text_body").where("to_address", "=", w.signer.email).where("kind", "=", "signature_confirmation").executeTakeFirstOrThrow();
    expect(linkIn({ text: mail.text_body } as Parameters<typeof linkIn>[0], "/signatures/withdraw")).toContain(w.signer.withdraw);
  });
});
