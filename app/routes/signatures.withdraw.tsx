import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { metaTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/use-t";
import { isPlausibleToken } from "~/signing/signatures";
import { localized } from "~/statements/text";
import { inspectWithdrawal, withdrawSignature, type TokenCheck } from "~/signing/verify.server";

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
      <section className="panel narrow">
        <h1>{t("withdraw.doneTitle")}</h1>
        <p role="status">{t("withdraw.doneBody")}</p>
        <p>
          <Link to={`/statements/${check.slug}`}>{t("toStatement")}</Link>
        </p>
      </section>
    );
  }
  if (check.status !== "ok") {
    return (
      <section className="panel narrow">
        <h1>{t("withdraw.failed")}</h1>
        <p role="alert">{t(check.status === "used" ? "withdraw.used" : "withdraw.invalid")}</p>
        {check.slug ? (
          <p>
            <Link to={`/statements/${check.slug}`}>{t("toStatement")}</Link>
          </p>
        ) : null}
      </section>
    );
  }
  return (
    <section className="panel narrow">
      <h1>{t("withdraw.title")}</h1>
      <p>{t("withdraw.intro", { title: localized(locale, check.title, check.titleEs) })}</p>
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <button type="submit" className="danger">
          {t("withdraw.button")}
        </button>
      </Form>
    </section>
  );
}
