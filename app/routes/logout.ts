import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { assertCsrf } from "~/http/guards.server";
import { destroyRequestSession, getSessionUser } from "~/http/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) assertCsrf(user, await request.formData());
  return redirect("/", { headers: { "Set-Cookie": await destroyRequestSession(request) } });
}

export const loader = () => redirect("/");
