import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, fieldErrors, TextField } from "~/components/form";
import { loginRequestSchema, safeRedirect } from "~/models/auth";
import { getSessionUser, requestLoginLink } from "~/models/auth.server";

export const meta: MetaFunction = () => [{ title: "Sign in — Undersigned" }];

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
  });
  // The same answer whether or not the address has an account.
  return redirect("/login/sent");
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="panel narrow">
      <h1>Sign in to organize</h1>
      <p>Enter your email address and we will send you a link that signs you in. No password needed.</p>
      <ErrorSummary errors={actionData?.errors} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className="hp" aria-hidden="true">
          <label htmlFor="website">Leave this empty</label>
          <input id="website" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <TextField
          name="email"
          type="email"
          label="Email address"
          autoComplete="email"
          required
          defaultValue={actionData?.values.email}
          error={actionData?.errors.email}
        />
        <button type="submit">Email me a sign-in link</button>
      </Form>
    </section>
  );
}
