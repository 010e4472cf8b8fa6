import { describe, expect, it } from "vitest";
import { inboxKey } from "./email-address";

describe("the inbox an address reaches", () => {
  it("ignores case and a +tag on every domain", () => {
    const keys = new Set(["sameperson@example.org", ...[0, 1, 2, 3, 4].map((i) => `sameperson+${i}@example.org`), "SamePerson+x@Example.ORG"].map(inboxKey));
    expect([...keys]).toEqual(["sameperson@example.org"]);
    expect(inboxKey("same.person@example.org")).toBe("same.person@example.org");
  });

  it("ignores dots for Gmail, whose googlemail.com is gmail.com", () => {
    const keys = new Set(["Same.Person@gmail.com", "sameperson@googlemail.com", "s.a.m.e.person+news@GoogleMail.com"].map(inboxKey));
    expect([...keys]).toEqual(["sameperson@gmail.com"]);
  });

  it("keeps what is not a tag", () => {
    expect(inboxKey("+only@example.org")).toBe("+only@example.org");
    expect(inboxKey("a+b+c@example.org")).toBe("a@example.org");
  });
});
