import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStatementOrganizer } from "~/http/guards.server";
import { exportSignaturesCsv } from "~/organizers/dashboard.server";

export const handle = { private: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { statement } = await requireStatementOrganizer(request, params.id);
  const rows = exportSignaturesCsv({ statementId: statement.id });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": `attachment; filename="signatures-${statement.slug.replace(/[^a-z0-9-]/g, "")}-${day}.csv"`,
      // Names of signers: never kept by a shared cache.
      "Cache-Control": "private, no-store",
    },
  });
}
