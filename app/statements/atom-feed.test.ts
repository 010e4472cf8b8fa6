import { describe, expect, it } from "vitest";
import { atomFeed } from "./atom-feed";

describe("the Atom feed", () => {
  it("escapes markup and drops characters XML cannot carry", () => {
    const xml = atomFeed({
      title: "Feed & co",
      subtitle: "s",
      siteUrl: "http://x/",
      selfUrl: "http://x/statements.atom",
      lang: "en",
      entries: [
        {
          url: "http://x/statements/a?b=1&c=2",
          title: "<script>alert('x')</script>",
          summary: 'Say "no"\u0007 to hate',
          jurisdiction: "Town <A>",
          opened: new Date("2026-11-01T12:00:00Z"),
        },
      ],
    });
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;");
    expect(xml).toContain("Feed &amp; co");
    expect(xml).toContain("http://x/statements/a?b=1&amp;c=2");
    expect(xml).toContain("Say &quot;no&quot; to hate");
    expect(xml).toContain("<updated>2026-11-01T12:00:00.000Z</updated>");
  });
});
