import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { PagePanel } from "~/components/page-panel";
import { translate, type Locale } from "~/i18n/core";
import { useT } from "~/i18n/use-t";
import "~/i18n/campaign-messages";
import { findUnsubscribeLink, unsubscribeFromUpdates, type UnsubscribeLink } from "~/organizers/updates.server";

// Mail clients' RFC 8058 one-click unsubscribes are not all well-formed forms;
// this route reads its token from the address and copes (server/middleware/route-policy.ts).
export const handle = { anyBody: true, private: true };

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined)?.locale ?? "en";
  return [{ title: translate(locale, "unsubscribe.title") }, { name: "robots", content: "noindex" }];
};

// Opening the link only shows a button (mail scanners follow links); the
// button, or a mail client's RFC 8058 one-click POST to the same URL, unsubscribes.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const link = await findUnsubscribeLink({ token });
  return data({ token, link }, { status: link ? 200 : 404, headers: { "Cache-Control": "no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  // Mail clients' one-click POSTs vary in how they encode (or omit) a body.
  const form = await request.formData().catch(() => new FormData());
  const token = String(form.get("token") ?? new URL(request.url).searchParams.get("token") ?? "");
  const link = await unsubscribeFromUpdates({ token });
  return data({ done: link }, { status: link ? 200 : 404, headers: { "Cache-Control": "no-store" } });
}

export default function Unsubscribe() {
  // `data()` carries the status code; the types do not see through it without single-fetch type inference.
  const { token, link } = useLoaderData() as { token: string; link: UnsubscribeLink | null };
  const actionData = useActionData() as { done: UnsubscribeLink | null } | undefined;
  const t = useT();
  const shown = actionData ? actionData.done : link;
  if (!shown)
    return (
      <PagePanel narrow title={t("unsubscribe.invalidTitle")} intro={t("unsubscribe.invalid")} link={{ to: "/", label: t("unsubscribe.home") }} />
    );
  const vars = { title: shown.statementTitle };
  return (
    <PagePanel narrow title={t("unsubscribe.title")} link={{ to: `/statements/${shown.statementSlug}`, label: t("unsubscribe.read") }}>
      {actionData || shown.unsubscribed ? (
        <p role="status">{t(actionData ? "unsubscribe.done" : "unsubscribe.already", vars)}</p>
      ) : (
        <>
          <p>{t("unsubscribe.confirm", vars)}</p>
          <Form method="post">
            <input type="hidden" name="token" value={token} />
            <button type="submit">{t("unsubscribe.button")}</button>
          </Form>
        </>
      )}
      <p>{t("unsubscribe.stillCounts")}</p>
    </PagePanel>
  );
}
