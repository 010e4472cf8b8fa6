import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BackToStatement, TokenButton, TokenPanel } from "~/components/token-page";
import { actOnPostedToken, tokenLinkLoader } from "~/http/token-link.server";
import type { MessageKey } from "~/i18n/core";
import { metaTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/use-t";
import { localized } from "~/statements/text";
import { VERIFY_TOKEN_TTL_DAYS } from "~/signing/signatures";
import { inspectVerification, verifySignature, type SubmittedChoices } from "~/signing/verify.server";
import type { DisplayChoice } from "../../db/states";

export const handle = { private: true };

// The token is in this page's address: never send it to another site as a
// referrer. (Not "no-referrer": that makes the form post `Origin: null`, which
// Remix refuses.)
export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "verify.title"), { name: "referrer", content: "same-origin" }];

// Opening the link only shows the choices it applies and a button: a mail
// scanner following links cannot sign, or change a signature, for anyone.
export const loader = tokenLinkLoader(inspectVerification);

export async function action({ request }: ActionFunctionArgs) {
  const { check, status } = await actOnPostedToken(request, verifySignature);
  if (check.status === "ok") return redirect(`/statements/${check.slug}?confirmed=1`, 303);
  return data({ check }, { status });
}

/** What each display choice means, on this page. A record over every choice: a new one is a type error until worded. */
const DISPLAY_WORDS: Record<DisplayChoice, MessageKey> = {
  full: "sign.shownAs",
  initials: "sign.shownAs",
  private: "sign.shownPrivate",
  anonymous: "sign.shownAnonymous",
};

/** Exactly what pressing the button applies. */
function Choices({ choices }: { choices: SubmittedChoices }) {
  const t = useT();
  return (
    <ul>
      <li>{t("verify.choice.name", { name: choices.name })}</li>
      <li>{t(DISPLAY_WORDS[choices.display], { shown: choices.shownAs ?? "" })}</li>
      {choices.outside ? <li>{t("verify.choice.outside", { jurisdiction: choices.jurisdiction })}</li> : null}
      {choices.ward ? <li>{t("verify.choice.ward", { ward: choices.ward })}</li> : null}
      <li>{t(choices.updates ? "verify.choice.updates" : "verify.choice.noUpdates")}</li>
    </ul>
  );
}

export default function VerifySignature() {
  const { token, check: initial } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const check = actionData?.check ?? initial;
  const t = useT();
  const locale = useLocale();
  if (check.status !== "ok") {
    return (
      <TokenPanel title={t("verify.failed")}>
        <p role="alert">{t(`verify.${check.status}`, { days: VERIFY_TOKEN_TTL_DAYS })}</p>
        <BackToStatement slug={check.slug} />
      </TokenPanel>
    );
  }
  const title = localized(locale, check.title, check.titleEs);
  if (check.choices.change) {
    return (
      <TokenPanel title={t("verify.change.title")}>
        <p>{t("verify.change.intro", { title })}</p>
        <Choices choices={check.choices} />
        <TokenButton token={token}>{t("verify.change.button")}</TokenButton>
        <p className="muted">{t("verify.change.ignore")}</p>
      </TokenPanel>
    );
  }
  return (
    <TokenPanel title={t("verify.title")}>
      <p>{t("verify.intro", { title })}</p>
      <Choices choices={check.choices} />
      <TokenButton token={token}>{t("verify.button")}</TokenButton>
    </TokenPanel>
  );
}
