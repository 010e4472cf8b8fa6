import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BackToStatement, TokenButton, TokenPanel } from "~/components/token-page";
import { metaTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/use-t";
import { localized } from "~/statements/text";
import { isPlausibleToken, VERIFY_TOKEN_TTL_DAYS } from "~/signing/signatures";
import { inspectVerification, verifySignature, type TokenCheck } from "~/signing/verify.server";

export const handle = { private: true };

// The token is in this page's address: never send it to another site as a
// referrer. (Not "no-referrer": that makes the form post `Origin: null`, which
// Remix refuses.)
export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "verify.title"), { name: "referrer", content: "same-origin" }];

// Opening the link only shows a button: a mail scanner following links
// cannot sign for anyone.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  const check: TokenCheck = isPlausibleToken(token) ? await inspectVerification({ token }) : { status: "invalid" };
  return { token: isPlausibleToken(token) ? token : "", check };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => null);
  const token = form?.get("token");
  const check: TokenCheck = isPlausibleToken(token) ? await verifySignature({ token }) : { status: "invalid" };
  if (check.status === "ok") return redirect(`/statements/${check.slug}?confirmed=1`, 303);
  return data({ check }, { status: check.status === "invalid" ? 404 : 409 });
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
  return (
    <TokenPanel title={t("verify.title")}>
      <p>{t("verify.intro", { title: localized(locale, check.title, check.titleEs) })}</p>
      <p>{check.shownAs === null ? t("sign.shownPrivate") : t("sign.shownAs", { shown: check.shownAs })}</p>
      <TokenButton token={token}>{t("verify.button")}</TokenButton>
    </TokenPanel>
  );
}
