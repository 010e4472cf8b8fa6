import type { ActionFunctionArgs } from "@remix-run/node";
import { exportMySignatures } from "~/signing/my-signatures.server";
import { isPlausibleToken } from "~/signing/signatures";

// The signer's data as a JSON download: a POST carrying the link's token
// (in the address), never a GET, so nothing fetches it by following a link.
const PRIVATE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };
// Posted from the no-referrer page, so with `Origin: null`; the token is the only authority (see my-signatures.$token.tsx).
export const handle = { private: true, referrerless: true };

export async function action({ params }: ActionFunctionArgs) {
  const result = isPlausibleToken(params.token) ? await exportMySignatures({ token: params.token }) : ({ status: "invalid" } as const);
  if (result.status !== "ok") {
    const status = result.status === "expired" ? 410 : 404;
    return Response.json({ problem: result.status }, { status, headers: PRIVATE });
  }
  return new Response(JSON.stringify(result.data, null, 2), {
    headers: {
      ...PRIVATE,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="my-signatures-${result.data.exportedAt.slice(0, 10)}.json"`,
    },
  });
}

/** Only the page's button downloads: following a link (or a prefetch) gets nothing. */
export const loader = () => new Response("Use the download button on your signatures page.", { status: 405, headers: { ...PRIVATE, Allow: "POST" } });
