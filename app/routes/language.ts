import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale } from "~/i18n/core";
import { LOCALE_COOKIE } from "~/i18n/locale.server";
import { safeRedirect } from "~/organizers/auth";

// The language switcher: remembers the reader's choice for a year.
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lang = form.get("lang");
  const back = safeRedirect(form.get("back"), "/");
  if (!isLocale(lang)) return redirect(back);
  return redirect(back, {
    headers: { "Set-Cookie": `${LOCALE_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax` },
  });
}

export const loader = () => redirect("/");
