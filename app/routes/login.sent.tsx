import type { MetaFunction } from "@remix-run/node";
import { LinkSent } from "~/components/link-sent";
import { metaTitle } from "~/i18n/meta";
import "~/i18n/organizer-messages";
import { LOGIN_TOKEN_TTL_MINUTES } from "~/organizers/auth";

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "login.sent.title")];

const WORDS = { title: "login.sent.title", body: "login.sent.body", spam: "login.sent.spam" } as const;

export default function LoginSent() {
  return <LinkSent words={WORDS} minutes={LOGIN_TOKEN_TTL_MINUTES} />;
}
