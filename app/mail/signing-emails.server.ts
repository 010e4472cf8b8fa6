import type { DisplayChoice } from "../../db/states";
import type { Locale } from "~/i18n/core";
import {
  emailTranslator as translator,
  type EmailKey,
  type EmailT as T,
} from "~/i18n/email.server";
import { publicName, VERIFY_TOKEN_TTL_DAYS } from "~/signing/signatures";
import { localized } from "~/statements/text";
import type { OutgoingEmail } from "./outbox";

// The emails a signer gets, as pure functions of their data: the words are
// the catalogs' (app/i18n/email/signer.server.ts), the links are made from
// `appUrl`. Callers queue them through the outbox in the transaction of
// their cause. Each states the exact choices its link applies (or applied):
// the inbox decides how a name appears, so the inbox must read what it decides.

/** What one submission of the sign form chose. */
export interface SignerChoices {
  name: string;
  display: DisplayChoice;
  /** Where the signer lives: a ward's name, `outside` the jurisdiction, or nothing when the statement does not ask. */
  ward: { name: string } | "outside" | null;
  updates: boolean;
}

interface Signer {
  to: string;
  locale: Locale;
  choices: SignerChoices;
}

interface SignedStatement {
  slug: string;
  title: string;
  titleEs: string;
  jurisdiction: string;
}

/**
 * What each display choice means, in words. A record over every choice: a
 * new choice is a type error here until its words are written.
 */
const DISPLAY_WORDS: Record<DisplayChoice, EmailKey> = {
  full: "email.choices.display.shown",
  initials: "email.choices.display.shown",
  private: "email.choices.display.private",
  anonymous: "email.choices.display.anonymous",
};

/** Titles are free text: keep a subject to one line. */
const oneLine = (s: string) => s.replace(/\s+/g, " ").trim().slice(0, 200);

/** The choices as lines of the email, one a choice. */
export function choicesLines(
  t: T,
  choices: SignerChoices,
  jurisdiction: string
): string {
  const shown = publicName(choices.name, choices.display) ?? "";
  const lines = [
    t("email.choices.name", { name: choices.name }),
    t(DISPLAY_WORDS[choices.display], { shown }),
  ];
  if (choices.ward === "outside")
    lines.push(t("email.choices.outside", { jurisdiction }));
  else if (choices.ward)
    lines.push(t("email.choices.ward", { ward: choices.ward.name }));
  lines.push(
    t(choices.updates ? "email.choices.updates" : "email.choices.noUpdates")
  );
  return lines.map((l) => `  • ${l}`).join("\n");
}

type SignerEmailKind =
  | "signature_verification"
  | "signature_change"
  | "signature_confirmation";

const KEYS: Record<SignerEmailKind, { subject: EmailKey; body: EmailKey }> = {
  signature_verification: {
    subject: "email.verify.subject",
    body: "email.verify.body",
  },
  signature_change: {
    subject: "email.change.subject",
    body: "email.change.body",
  },
  signature_confirmation: {
    subject: "email.confirm.subject",
    body: "email.confirm.body",
  },
};

/** A signer's email: its kind's subject and body, filled with the signer's choices, the statement's words and `vars`. */
function signerEmail(
  kind: SignerEmailKind,
  {
    signer,
    statement,
    appUrl,
  }: { signer: Signer; statement: SignedStatement; appUrl: string },
  vars: Record<string, string | number>
): OutgoingEmail {
  const t = translator(signer.locale);
  const title = localized(signer.locale, statement.title, statement.titleEs);
  const choices = choicesLines(t, signer.choices, statement.jurisdiction);
  const body = t(KEYS[kind].body, {
    name: signer.choices.name,
    title,
    choices,
    days: VERIFY_TOKEN_TTL_DAYS,
    ...vars,
  });
  // Every signer email says where to read who sees what and how to act on it.
  const text = `${body}\n\n${t("email.privacy", {
    link: `${appUrl}/privacy`,
  })}`;
  return {
    kind,
    to: signer.to,
    subject: t(KEYS[kind].subject, { title: oneLine(title) }),
    text,
  };
}

/**
 * The link that applies one submission: to a signature waiting for its
 * first confirmation (`signature_verification`) or, when the address has
 * already confirmed one, a "your choices changed?" (`signature_change`).
 */
export function submissionEmail({
  signer,
  statement,
  token,
  appUrl,
  change,
}: {
  signer: Signer;
  statement: SignedStatement;
  token: string;
  appUrl: string;
  change: boolean;
}): OutgoingEmail {
  return signerEmail(
    change ? "signature_change" : "signature_verification",
    { signer, statement, appUrl },
    { link: `${appUrl}/signatures/verify?token=${token}` }
  );
}

/** The signature counts now, with these choices; with the link that withdraws it. */
export function signatureConfirmationEmail({
  signer,
  statement,
  withdrawToken,
  appUrl,
}: {
  signer: Signer;
  statement: SignedStatement;
  withdrawToken: string;
  appUrl: string;
}): OutgoingEmail {
  return signerEmail(
    "signature_confirmation",
    { signer, statement, appUrl },
    {
      statementLink: `${appUrl}/statements/${statement.slug}`,
      link: `${appUrl}/signatures/withdraw?token=${withdrawToken}`,
    }
  );
}
