import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { metaTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import "~/i18n/organizer-messages";
import { safeRedirect } from "~/http/safe-redirect";
import { LOGIN_TOKEN_TTL_MINUTES } from "~/organizers/auth";
import { commitOpenedSession } from "~/http/session.server";
import { consumeLoginToken } from "~/organizers/auth.server";

export const handle = { private: true };

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "login.verify.title"), { name: "referrer", content: "same-origin" }];

// Opening the link shows a button; only the button signs in, so a mail
// scanner that follows links cannot spend the token.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return { token: url.searchParams.get("token") ?? "", redirectTo: safeRedirect(url.searchParams.get("redirectTo")) };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const token = String(form.get("token") ?? "");
  const result = token ? await consumeLoginToken({ token }) : ({ ok: false, reason: "invalid" } as const);
  if (!result.ok) return { reason: result.reason };
  return redirect(safeRedirect(form.get("redirectTo")), { headers: { "Set-Cookie": await commitOpenedSession(result.sessionToken) } });
}

export default function LoginVerify() {
  const { token, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  if (actionData?.reason) {
    return (
      <section className="panel narrow">
        <h1>{t("login.verify.failed")}</h1>
        <p role="alert">{t(`login.verify.${actionData.reason}`, { minutes: LOGIN_TOKEN_TTL_MINUTES })}</p>
        <p>
          <Link className="button" to="/login">
            {t("login.verify.newLink")}
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section className="panel narrow">
      <h1>{t("login.verify.title")}</h1>
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <button type="submit">{t("login.verify.button")}</button>
      </Form>
    </section>
  );
}
