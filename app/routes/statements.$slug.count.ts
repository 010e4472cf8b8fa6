import type { LoaderFunctionArgs } from "@remix-run/node";
import { cachedPublicVerifiedCount } from "~/statements/public-page.server";

// Short enough to look live, long enough that a CDN or the browser absorbs a
// surge of readers; stale-while-revalidate keeps answers instant meanwhile.
const headers = {
  "Cache-Control": "public, max-age=2, stale-while-revalidate=30",
  "Access-Control-Allow-Origin": "*",
};

export async function loader({ params }: LoaderFunctionArgs) {
  const verified = await cachedPublicVerifiedCount({ slug: params.slug ?? "" });
  if (verified === null) return Response.json({ error: "not_found" }, { status: 404, headers });
  return Response.json({ verified }, { headers });
}
