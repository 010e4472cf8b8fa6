import type { LoaderFunctionArgs } from "@remix-run/node";
import { isPlausibleToken } from "~/signing/signatures";
import type { TokenCheck } from "~/signing/verify.server";

// What the pages opened by a signer's emailed links share: the token from
// the address (opening a link only inspects it, so a mail scanner following
// links does nothing), and the token posted back by the page's one button.

type TokenStep<C> = ({ token }: { token: string }) => Promise<C>;
const INVALID: { status: "invalid"; slug?: string } = { status: "invalid" };

/** The loader: what the link would do, and the token for the page's button. */
export function tokenLinkLoader<C extends TokenCheck<object>>(inspect: TokenStep<C>) {
  return async ({ request }: LoaderFunctionArgs) => {
    const token = new URL(request.url).searchParams.get("token");
    if (!isPlausibleToken(token)) return { token: "", check: INVALID as C | typeof INVALID };
    return { token, check: (await inspect({ token })) as C | typeof INVALID };
  };
}

/** The button's post: `act` on its token (an implausible one is invalid), with the HTTP status of a refusal. */
export async function actOnPostedToken<C extends TokenCheck<object>>(request: Request, act: TokenStep<C>) {
  const form = await request.formData().catch(() => null);
  const token = form?.get("token");
  const check: C | typeof INVALID = isPlausibleToken(token) ? await act({ token }) : INVALID;
  return { check, status: check.status === "ok" ? 200 : check.status === "invalid" ? 404 : 409 };
}
