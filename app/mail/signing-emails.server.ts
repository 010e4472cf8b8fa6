import type { DisplayChoice } from "../../db/states";
import { translator, type Locale, type T } from "~/i18n/core";
import { publicName, VERIFY_TOKEN_TTL_DAYS } from "~/signing/signatures";
import { localized } from "~/statements/text";
import type { OutgoingEmail } from "./outbox";

// The emails a signer gets, as pure functions of their data: the words are
// the catalogs' (app/i18n/messages/signing.ts), the links are made from
// `appUrl`. Callers queue them through the outbox in the transaction of
// their cause.

interface Signer {
  to: string;
  name: string;
  display: DisplayChoice;
  locale: Locale;
}

interface SignedStatement {
  slug: string;
  title: string;
  titleEs: string;
}

/** Titles are free text: keep a subject to one line. */
const oneLine = (s: string) => s.replace(/\s+/g, " ").trim().slice(0, 200);

function shownAsLine(t: T, name: string, display: DisplayChoice) {
  const shown = publicName(name, display);
  return shown === null ? t("sign.shownPrivate") : t("sign.shownAs", { shown });
}

/** A signer's email: the subject and body keys of its kind, filled with the signer's and the statement's words. */
function signerEmail(
  kind: "signature_verification" | "signature_confirmation",
  keys: { subject: string; body: string },
  { signer, title: original, titleEs }: { signer: Signer; title: string; titleEs: string },
  vars: Record<string, string | number>,
): OutgoingEmail {
  const t = translator(signer.locale);
  const title = localized(signer.locale, original, titleEs);
  const shownAs = shownAsLine(t, signer.name, signer.display);
  return { kind, to: signer.to, subject: t(keys.subject, { title: oneLine(title) }), text: t(keys.body, { name: signer.name, title, shownAs, ...vars }) };
}

/** The link that confirms a pending signature. */
export function signatureVerificationEmail({
  signer,
  statement,
  token,
  appUrl,
}: {
  signer: Signer;
  statement: Pick<SignedStatement, "title" | "titleEs">;
  token: string;
  appUrl: string;
}): OutgoingEmail {
  return signerEmail(
    "signature_verification",
    { subject: "email.verify.subject", body: "email.verify.body" },
    { signer, ...statement },
    { link: `${appUrl}/signatures/verify?token=${token}`, days: VERIFY_TOKEN_TTL_DAYS },
  );
}

/** The signature counts now; with the link that withdraws it. */
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
    { subject: "email.confirm.subject", body: "email.confirm.body" },
    { signer, title: statement.title, titleEs: statement.titleEs },
    { statementLink: `${appUrl}/statements/${statement.slug}`, link: `${appUrl}/signatures/withdraw?token=${withdrawToken}` },
  );
}
