import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale } from "~/i18n/core";
import { localeCookie } from "~/http/cookies.server";
import { safeRedirect } from "~/http/safe-redirect";

// The language switcher: remembers the reader's choice for a year.
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lang = form.get("lang");
  const back = safeRedirect(form.get("back"), "/");
  if (!isLocale(lang)) return redirect(back);
  return redirect(back, { headers: { "Set-Cookie": await localeCookie.serialize(lang) } });
}

export const loader = () => redirect("/");
