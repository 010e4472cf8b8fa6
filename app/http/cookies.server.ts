// The app's cookies, through Remix's createCookie. Both keep their values
// plain on the wire ("lang=es", "__session=<token>") as they always were:
// browsers keep the cookies they already have, the server's shared-page
// middleware keys on the language cookie's raw value, and the session
// token is an opaque random string that needs no wrapping.
import { createCookie, type Cookie, type CookieOptions } from "@remix-run/node";
import { env } from "~/env.server";
import { LOCALE_COOKIE } from "~/i18n/locale.server";
import { SESSION_TTL_DAYS } from "~/organizers/auth";

export const SESSION_COOKIE = "__session";

/**
 * Remix hands the cookie library its value as base64 of the JSON of the
 * value; these undo that on the way out and redo it on the way in, so a
 * string value is sent as itself (URI-encoded). A value that does not
 * decode reads as empty: a mangled cookie is no cookie, never an error.
 */
export const plainValue: Pick<CookieOptions, "encode" | "decode"> = {
  encode(wrapped) {
    if (wrapped === "") return "";
    const value: unknown = JSON.parse(Buffer.from(wrapped, "base64").toString("utf8"));
    return encodeURIComponent(typeof value === "string" ? value : JSON.stringify(value));
  },
  decode(raw) {
    try {
      return Buffer.from(JSON.stringify(decodeURIComponent(raw)), "utf8").toString("base64");
    } catch {
      return "";
    }
  },
};

/** The reader's chosen language, kept for a year (read by negotiateLocale and the shared-page middleware). */
export const localeCookie: Cookie = createCookie(LOCALE_COOKIE, {
  path: "/",
  maxAge: 365 * 24 * 3600,
  sameSite: "lax",
  ...plainValue,
});

let session: Cookie | undefined;

/** The organizer's session: HttpOnly, SameSite=Lax, Secure in production, for 30 days. */
export function sessionCookie(): Cookie {
  session ??= createCookie(SESSION_COOKIE, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: env().NODE_ENV === "production",
    maxAge: SESSION_TTL_DAYS * 24 * 3600,
    ...plainValue,
  });
  return session;
}
