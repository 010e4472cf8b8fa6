import type { LoaderFunctionArgs } from "@remix-run/node";
import { findPublicManifest } from "~/delivery/receipts.server";

const headers = {
  // A delivery never changes once made.
  "Cache-Control": "public, max-age=300",
  // /verify in anyone's browser, and other sites' checkers, read it.
  "Access-Control-Allow-Origin": "*",
};

/** A delivery's public manifest: what receipts and packets are checked against (decision 0010). */
export async function loader({ params }: LoaderFunctionArgs) {
  const manifest = await findPublicManifest({ slug: params.slug ?? "", sequence: /^\d{1,9}$/.test(params.n ?? "") ? Number(params.n) : NaN });
  if (!manifest) return Response.json({ error: "not_found" }, { status: 404, headers });
  return new Response(`${JSON.stringify(manifest, null, 2)}\n`, { headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
}
