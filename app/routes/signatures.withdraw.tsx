import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BackToStatement, TokenButton, TokenPanel } from "~/components/token-page";
import { metaTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/use-t";
import { isPlausibleToken } from "~/signing/signatures";
import { localized } from "~/statements/text";
import { inspectWithdrawal, withdrawSignature, type TokenCheck } from "~/signing/verify.server";

export const handle = { private: true };

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "withdraw.title"), { name: "referrer", content: "same-origin" }];

// As with verification, only the button withdraws.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  const check: TokenCheck = isPlausibleToken(token) ? await inspectWithdrawal({ token }) : { status: "invalid" };
  return { token: isPlausibleToken(token) ? token : "", check };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => null);
  const token = form?.get("token");
  const check: TokenCheck = isPlausibleToken(token) ? await withdrawSignature({ token }) : { status: "invalid" };
  return data({ check, done: check.status === "ok" }, { status: check.status === "ok" ? 200 : check.status === "invalid" ? 404 : 409 });
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
