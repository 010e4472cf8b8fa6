import { beforeAll, describe, expect, it } from "vitest";
import { useApp } from "./support/app";
import { createSession, createUser } from "./support/factories";

// The attack: a link to our own sign-in page (or a post to the language
// switcher) whose "where to go next" resolves to another site. A signed-in
// organizer following it must stay on the site.

const app = useApp({ inProcess: true });
let cookie: string;

beforeAll(async () => {
  const user = await createUser();
  cookie = (await createSession(user.id)).cookie;
});

const ATTACKS = ["/.//evil.example", "/%2e//evil.example", "/a/..//evil.example", "/\\evil.example", "//evil.example"];

/** Where a browser given this Location would go. */
function destination(location: string | null) {
  expect(location).toBeTruthy();
  return new URL(location!, app.url);
}

describe("open redirects", () => {
  it.each(ATTACKS)("sign-in's redirectTo=%s keeps a signed-in organizer on the site", async (attack) => {
    const res = await app.fetch(`/login?redirectTo=${encodeURIComponent(attack)}`, { headers: { cookie } });
    expect(res.status).toBe(302);
    const to = destination(res.headers.get("location"));
    expect(to.origin).toBe(app.url);
    expect(res.headers.get("location")).not.toMatch(/^\/\/|^\/\\|^[a-z]+:/i);
    expect(to.pathname).toBe("/organize");
  });

  it.each(ATTACKS)("sign-in's redirectTo=%s is not carried in the form either", async (attack) => {
    const page = await app.getPage(`/login?redirectTo=${encodeURIComponent(attack)}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('name="redirectTo" value="/organize"');
  });

  it.each(ATTACKS)("the language switcher's back=%s stays on the site", async (attack) => {
    const res = await app.postForm("/language", { lang: "es", back: attack });
    expect(res.status).toBe(302);
    const to = destination(res.location);
    expect(to.origin).toBe(app.url);
    expect(res.location).toBe("/");
  });

  it("still follows a genuine local path", async () => {
    const res = await app.fetch(`/login?redirectTo=${encodeURIComponent("/organize/statements/new?x=1")}`, { headers: { cookie } });
    expect(res.headers.get("location")).toBe("/organize/statements/new?x=1");
    const back = await app.postForm("/language", { lang: "es", back: "/about#top" });
    expect(back.location).toBe("/about#top");
  });
});
