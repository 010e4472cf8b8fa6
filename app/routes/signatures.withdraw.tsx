import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BackToStatement, TokenButton, TokenPanel } from "~/components/token-page";
import { actOnPostedToken, tokenLinkLoader } from "~/http/token-link.server";
import { metaTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/use-t";
import { localized } from "~/statements/text";
import { inspectWithdrawal, withdrawSignature } from "~/signing/verify.server";

export const handle = { private: true };

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "withdraw.title"), { name: "referrer", content: "same-origin" }];

// As with verification, only the button withdraws.
export const loader = tokenLinkLoader(inspectWithdrawal);

export async function action({ request }: ActionFunctionArgs) {
  const { check, status } = await actOnPostedToken(request, withdrawSignature);
  return data({ check, done: check.status === "ok" }, { status });
}

export default function WithdrawSignature() {
  const { token, check: initial } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const check = actionData?.check ?? initial;
  const t = useT();
  const locale = useLocale();
  if (actionData?.done && check.status === "ok") {
    return (
      <TokenPanel title={t("withdraw.doneTitle")}>
        <p role="status">{t("withdraw.doneBody")}</p>
        <BackToStatement slug={check.slug} />
      </TokenPanel>
    );
  }
  if (check.status !== "ok") {
    return (
      <TokenPanel title={t("withdraw.failed")}>
        <p role="alert">{t(check.status === "used" ? "withdraw.used" : "withdraw.invalid")}</p>
        <BackToStatement slug={check.slug} />
      </TokenPanel>
    );
  }
  return (
    <TokenPanel title={t("withdraw.title")}>
      <p>{t("withdraw.intro", { title: localized(locale, check.title, check.titleEs) })}</p>
      <TokenButton token={token} className="danger">
        {t("withdraw.button")}
      </TokenButton>
    </TokenPanel>
  );
}
