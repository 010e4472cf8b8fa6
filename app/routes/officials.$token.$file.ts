import type { LoaderFunctionArgs } from "@remix-run/node";
import { translate } from "~/i18n/core";
import { negotiateLocale } from "~/i18n/locale.server";
import { findPacketDownload } from "~/delivery/official-side.server";
import { isDomainError } from "~/utils/domain-error";

// /officials/:token/packet.pdf, /signatures.csv and /manifest.json
export async function loader({ params, request }: LoaderFunctionArgs) {
  const download = await findPacketDownload({ token: params.token ?? "", file: params.file ?? "" }).catch((e: unknown) => {
    if (isDomainError(e, "not_found")) throw new Response(translate(negotiateLocale(request), "official.notFound"), { status: 404 });
    throw e;
  });
  return new Response(download.body, {
    headers: {
      "Content-Type": download.contentType,
      "Content-Length": String(download.bytes),
      "Content-Disposition": `attachment; filename="${download.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
      "Referrer-Policy": "no-referrer",
      "X-Robots-Tag": "noindex",
    },
  });
}
