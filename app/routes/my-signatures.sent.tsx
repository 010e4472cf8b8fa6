import type { MetaFunction } from "@remix-run/node";
import "~/i18n/campaign-messages";
import { LinkSent } from "~/components/link-sent";
import { metaTitle } from "~/i18n/meta";
import { MY_SIGNATURES_LINK_TTL_MINUTES } from "~/signing/my-signatures";

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "mine.sent.title")];

// Every address gets this page: it never says whether one signed anything.
const WORDS = { title: "mine.sent.title", body: "mine.sent.body", spam: "mine.sent.spam" } as const;

export default function MySignaturesSent() {
  return <LinkSent words={WORDS} minutes={MY_SIGNATURES_LINK_TTL_MINUTES} />;
}
