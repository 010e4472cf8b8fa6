import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { safeRedirect } from "~/models/auth";
import { consumeLoginToken, sessionCookie } from "~/models/auth.server";

export const meta: MetaFunction = () => [{ title: "Finish signing in — Undersigned" }];

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
  return redirect(safeRedirect(form.get("redirectTo")), { headers: { "Set-Cookie": sessionCookie(result.sessionToken) } });
}

const REASONS = {
  invalid: "This sign-in link is not valid. Check that you copied all of it.",
  expired: "This sign-in link has expired. Links work for 15 minutes.",
  used: "This sign-in link has already been used. Each link works once.",
};

export default function LoginVerify() {
  const { token, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData?.reason) {
    return (
      <section className="panel narrow">
        <h1>We couldn't sign you in</h1>
        <p role="alert">{REASONS[actionData.reason]}</p>
        <p>
          <Link className="button" to="/login">
            Get a new link
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section className="panel narrow">
      <h1>Finish signing in</h1>
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <button type="submit">Sign in to Undersigned</button>
      </Form>
    </section>
  );
}
