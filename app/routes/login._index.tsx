import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, fieldErrors, TextField } from "~/components/form";
import { PagePanel } from "~/components/page-panel";
import { negotiateLocale } from "~/i18n/locale.server";
import { metaTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import "~/i18n/organizer-messages";
import { safeRedirect } from "~/http/safe-redirect";
import { loginRequestSchema } from "~/organizers/auth-input.server";
import { getSessionUser } from "~/http/session.server";
import { requestLoginLink } from "~/organizers/auth.server";

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "login.title")];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (await getSessionUser(request)) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get("website")) return redirect("/login/sent");
  const parsed = loginRequestSchema.safeParse({ email: form.get("email") ?? "" });
  if (!parsed.success) {
    return { errors: fieldErrors(parsed.error.issues), values: { email: String(form.get("email") ?? "") } };
  }
  await requestLoginLink({
    email: parsed.data.email,
    clientIp: context.clientIp,
    redirectTo: safeRedirect(form.get("redirectTo")),
    locale: negotiateLocale(request),
  });
  // The same answer whether or not the address has an account.
  return redirect("/login/sent");
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  // The schema's messages are catalog keys.
  const errors = Object.fromEntries(Object.entries(actionData?.errors ?? {}).map(([k, v]) => [k, v && t(v)]));
  return (
    <PagePanel narrow title={t("login.heading")} intro={t("login.intro")}>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className="hp" aria-hidden="true">
          <label htmlFor="website">{t("sign.honeypot")}</label>
          <input id="website" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <TextField
          name="email"
          type="email"
          label={t("login.email")}
          autoComplete="email"
          required
          defaultValue={actionData?.values.email}
          error={errors.email}
        />
        <button type="submit">{t("login.submit")}</button>
      </Form>
    </PagePanel>
  );
}
