import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { outboxInsertSql } from "./outbox.server";

const rowsOf = (kind: string) =>
  getDb().selectFrom("outbox").select(["to_address", "subject", "text_body", "html_body", "headers", "attachments"]).where("kind", "=", kind).orderBy("to_address").execute();

describe("outboxInsertSql", () => {
  it("writes one validated row, or one a row of its source, with only the columns the email uses", async () => {
    const kind = `insert-test-${Date.now()}`;
    const attachments = [{ filename: "a.txt", contentType: "text/plain", base64: "aGk=" }];
    await outboxInsertSql({ kind, to: "one@example.org", subject: "Hello", text: "Body", html: "<p>Body</p>", headers: { "X-Test": "1" }, attachments }).execute(getDb());
    await outboxInsertSql({ kind, to: "never@example.org", subject: "Hello", text: "Body" }, sql`(select 1) as s where false`).execute(getDb());
    await outboxInsertSql(
      { kind, to: { column: "address" }, subject: "To many", text: "Body" },
      sql`(values ('a@example.org'), ('b@example.org')) as t(address)`,
    ).execute(getDb());
    expect(await rowsOf(kind)).toEqual([
      { to_address: "a@example.org", subject: "To many", text_body: "Body", html_body: null, headers: {}, attachments: [] },
      { to_address: "b@example.org", subject: "To many", text_body: "Body", html_body: null, headers: {}, attachments: [] },
      { to_address: "one@example.org", subject: "Hello", text_body: "Body", html_body: "<p>Body</p>", headers: { "X-Test": "1" }, attachments },
    ]);
  });

  it("refuses an email the outbox would refuse, before any SQL runs", () => {
    expect(() => outboxInsertSql({ kind: "x", to: "a@example.org\r\nBcc: b@example.org", subject: "Hi", text: "x" })).toThrow();
    expect(() => outboxInsertSql({ kind: "x", to: { column: "email" }, subject: "Two\nlines", text: "x" })).toThrow();
  });
});
