import type { LoaderFunctionArgs } from "@remix-run/node";
import { appUrl } from "~/env.server";
import { getPublicStatement } from "~/models/signature.server";

const headers = {
  "Cache-Control": "public, max-age=10, stale-while-revalidate=60",
  "Access-Control-Allow-Origin": "*",
};

/** The statement's public JSON: exactly what its page shows (no email address, no private signer). */
export async function loader({ params }: LoaderFunctionArgs) {
  const statement = await getPublicStatement({ slug: params.slug ?? "" });
  if (!statement) return Response.json({ error: "not_found" }, { status: 404, headers });
  const url = `${appUrl()}/statements/${statement.slug}`;
  return Response.json({ ...statement, url, countUrl: `${url}/count`, embedUrl: `${url}/embed` }, { headers });
}
