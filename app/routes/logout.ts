import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { assertCsrf, endSession, getSessionUser, sessionCookie } from "~/organizers/auth.server";

export async function action({ request }: ActionFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) {
    assertCsrf(user, await request.formData());
    await endSession(request);
  }
  return redirect("/", { headers: { "Set-Cookie": sessionCookie(null) } });
}

export const loader = () => redirect("/");
