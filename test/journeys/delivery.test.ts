import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { getPublicDeliveryRecord } from "../../app/delivery/public-record.server";
import { verifiedCount } from "../../app/signing/verified-count.server";
import { launchBrowser, screenshot } from "../support/browser";
import { useApp } from "../support/app";
import { createSignature } from "../support/campaign-factories";
import { addVerifiedSignatures } from "../support/delivery-factories";
import { createOpenStatement, createSession } from "../support/factories";
import { linkIn } from "../support/mail";
import { pdfPages } from "../support/pdf";

const app = useApp();

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("delivery journey", () => {
  it("organizer delivers; officials get the packet, acknowledge and respond; the response is public and reaches opted-in signers", async () => {
    const { owner, statement, wards, officials } = await createOpenStatement({ wards: 2 });
    await addVerifiedSignatures({ statementId: statement.id, count: 48, wardIds: wards.map((w) => w.id) });
    const fan = await createSignature({ statementId: statement.id, name: "Rosa Parkhurst", email: "rosa@example.org", updates: true, wardId: wards[0].id });
    const quiet = await createSignature({ statementId: statement.id, name: "Quiet Signer", email: "quiet@example.org", updates: false, display: "private" });
    const count = await verifiedCount(statement.id);

    // The organizer, signed in, delivers from the status board.
    const session = await createSession(owner.id);
    const organizer = await browser.newContext();
    await organizer.addCookies([{ name: "__session", value: session.token, url: app.url }]);
    const board = await organizer.newPage();
    await board.goto(`${app.url}/organize/statements/${statement.id}/delivery`);
    await board.getByRole("button", { name: "Deliver now" }).click();
    await board.getByText("Delivered: the packet is frozen").waitFor();

    // Every official's email arrives with the PDF and the CSV.
    const isPacket = (m: { subject: string }) => m.subject.startsWith("Signed statement for you");
    const mails = await app.mailbox.waitForCount(officials.length, isPacket);
    expect(mails.flatMap((m) => m.to).sort()).toEqual(officials.map((o) => o.email).sort());
    for (const m of mails) {
      expect(m.subject).toContain(`(${count} verified signatures)`);
      expect(m.attachments.map((a) => a.contentType)).toEqual(["application/pdf", expect.stringMatching(/^text\/csv/)]);
      const csvRows = m.attachments[1].content.toString("utf8").trim().split("\r\n");
      expect(csvRows).toHaveLength(count + 1);
    }
    const pdfText = (await pdfPages(mails[0].attachments[0].content)).join(" ");
    expect(pdfText).toContain(statement.title);
    expect(pdfText).toContain("Rosa Parkhurst");

    // The status board shows each official's email as sent (signers' receipts share the outbox with them).
    await expect
      .poll(async () => {
        await board.reload();
        return board.locator("tbody tr[data-state=sent]").count();
      }, { timeout: 15_000 })
      .toBe(officials.length);
    await screenshot(board, "delivery-organizer-board");

    // A ward councilor opens their link: no account, their ward's count.
    const councilor = officials.find((o) => o.ward_id === wards[0].id)!;
    const councilorMail = mails.find((m) => m.to.includes(councilor.email))!;
    const wardCount = Number(councilorMail.text.match(/(\d+) of these signers are from your ward/)![1]);
    expect(wardCount).toBeGreaterThan(0);
    const link = linkIn(councilorMail, "/officials/");
    const official = await browser.newContext();
    const page = await official.newPage();
    await page.goto(link);
    await page.getByRole("heading", { level: 1, name: statement.title }).waitFor();
    await page.getByText(`${wardCount} of the signers are from your ward, ${wards[0].name}.`).waitFor();
    await page.getByText(`For ${councilor.name}`).waitFor();
    const pdf = await page.request.get(`${link}/packet.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect(Buffer.compare(await pdf.body(), mails[0].attachments[0].content)).toBe(0);

    await page.getByRole("button", { name: "Acknowledge receipt" }).click();
    await page.getByText("your acknowledgement is recorded").waitFor();

    const response = "Thank you, neighbours. I will bring this statement to the council on December 4.";
    await page.getByLabel("Your response").fill(response);
    await page.getByRole("button", { name: "Preview response" }).click();
    await page.getByText("Check your response before you publish it").waitFor();
    await page.getByRole("button", { name: "Publish response" }).click();
    await page.getByText("your response is published").waitFor();
    await screenshot(page, "delivery-official-page");

    // The public page shows the delivery, its hashes and the response, and no private signer.
    const record = await getPublicDeliveryRecord({ statementId: statement.id });
    const publicPage = await official.newPage();
    await publicPage.goto(`${app.url}/statements/${statement.slug}`);
    await publicPage.getByText(`Response from ${councilor.name}, Ward councilor`).waitFor();
    const html = await publicPage.content();
    expect(html).toContain("Delivered on");
    expect(html).toContain(response);
    expect(html).toContain(record.deliveries[0].hashes.packet);
    expect(html).toContain(record.deliveries[0].hashes.csv);
    expect(html).not.toContain("Quiet Signer");
    expect(html).not.toContain("@example.org");
    await screenshot(publicPage, "delivery-public-page");
    await publicPage.close();

    // The opted-in signer hears about it; the others do not.
    const news = await app.mailbox.waitFor((m) => m.to.includes(fan.email) && m.subject.includes("responded"));
    expect(news.text).toContain(response);
    expect(linkIn(news, `/statements/${statement.slug}`)).toBeTruthy();
    await app.mailbox.waitFor((m) => m.to.includes(owner.email) && m.subject.includes("responded"));
    // The quiet signer hears only of their own signature's delivery (their receipt), not the response.
    expect(app.mailbox.messages.filter((m) => m.to.includes(quiet.email)).map((m) => m.subject)).toEqual([`Your signature was delivered: ${statement.title}`]);

    // The board shows who acknowledged and who responded.
    await board.reload();
    await board.locator("tbody tr[data-state=responded]").waitFor();
    expect(await board.locator("tbody tr[data-state=responded]").count()).toBe(1);

    const state = await getDb().selectFrom("statements").select("state").where("id", "=", statement.id).executeTakeFirstOrThrow();
    expect(state.state).toBe("delivered");
    await organizer.close();
    await official.close();
  });

  it("answers a wrong, altered or foreign link with a clear 404, and bad input with a message", async () => {
    const { statement, officials } = await createOpenStatement({ wards: 1 });
    await addVerifiedSignatures({ statementId: statement.id, count: 3 });
    const stranger = await createSession((await createOpenStatement()).owner.id);
    // Someone who does not organize the statement cannot even see its delivery page.
    const res = await fetch(`${app.url}/organize/statements/${statement.id}/delivery`, { headers: { cookie: stranger.cookie } });
    expect(res.status).toBe(404);

    const owner = await getDb()
      .selectFrom("statement_organizers")
      .select("user_id")
      .where("statement_id", "=", statement.id)
      .executeTakeFirstOrThrow();
    const session = await createSession(owner.user_id);
    const form = new URLSearchParams({ csrf: session.csrf, intent: "deliver", sequence: "1" });
    const delivered = await fetch(`${app.url}/organize/statements/${statement.id}/delivery`, {
      method: "POST",
      body: form,
      headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    expect(delivered.status).toBe(302);
    const [mayorMail] = await app.mailbox.waitForCount(1, (m) => m.to.includes(officials[0].email));
    const link = linkIn(mayorMail, "/officials/");
    const token = link.split("/officials/")[1];

    const mine = await fetch(link);
    expect(mine.status).toBe(200);
    const page = await mine.text();
    expect(page).toContain(officials[0].name);
    for (const other of officials.slice(1)) expect(page).not.toContain(`For ${other.name}`);

    const altered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    for (const url of [`${app.url}/officials/not-a-token`, `${app.url}/officials/${altered}`, `${app.url}/officials/${altered}/packet.pdf`, `${link}/other.txt`]) {
      const r = await fetch(url);
      expect(r.status, url).toBe(404);
      if ((r.headers.get("content-type") ?? "").includes("html")) expect(await r.text()).toContain("This link is not valid");
    }
    const post = await fetch(`${app.url}/officials/${altered}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "acknowledge" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(post.status).toBe(404);
    // Bad input gets a message beside the field and keeps what was typed; nothing is published.
    const respond = (response: string, intent = "preview") =>
      fetch(link, {
        method: "POST",
        body: new URLSearchParams({ intent, response }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    const empty = await respond("   ", "respond");
    expect(empty.status).toBe(200);
    expect(await empty.text()).toMatch(/<p class="field-error" id="response-error">Write your response<\/p>/);
    const long = await respond(`${"x".repeat(5_001)}`);
    const longHtml = await long.text();
    expect(longHtml).toContain("Your response must be at most 5,000 characters");
    expect(longHtml).toContain("x".repeat(5_001));
    const script = await respond("<script>alert(1)</script> Thank you");
    expect(await script.text()).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Thank you");
    const unknown = await respond("hello", "delete-everything");
    expect(unknown.status).toBe(404);
    const responded = await getDb().selectFrom("official_deliveries").select("response").where("email", "=", officials[0].email).execute();
    expect(responded).toEqual([{ response: null }]);

    // A GET never changes anything: the official has not acknowledged by opening the page.
    const states = await getDb().selectFrom("official_deliveries").select("state").where("email", "=", officials[0].email).execute();
    expect(states.map((s) => s.state)).not.toContain("acknowledged");
  });
});
