import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { TokenButton, TokenPanel } from "~/components/token-page";
import "~/i18n/organizer-messages";
import { metaTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import { acceptInvitation, findInvitation } from "~/organizers/co-organizers.server";
import { isPlausibleToken } from "~/signing/signatures";

// A co-organizer invitation's emailed link. Opening it only shows what it is
// for and a button (mail scanners follow links); the button accepts.
export const handle = { private: true };

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "invitation.title"), { name: "referrer", content: "same-origin" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  const invitation = isPlausibleToken(token) ? await findInvitation({ token }) : ({ status: "invalid" } as const);
  return data({ token: isPlausibleToken(token) ? token : "", invitation }, { status: invitation.status === "invalid" ? 404 : 200 });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => null);
  const token = form?.get("token");
  const result = isPlausibleToken(token) ? await acceptInvitation({ token }) : ({ status: "invalid" } as const);
  const status = result.status === "accepted" ? 200 : result.status === "invalid" ? 404 : 410;
  return data({ result }, { status });
}

export default function Invitation() {
  const { token, invitation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const result = actionData?.result;
  if (result?.status === "accepted") {
    return (
      <TokenPanel title={t("invitation.doneTitle")}>
        <p role="status">{t("invitation.doneBody")}</p>
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(`/organize/statements/${result.statementId}`)}`}>{t("invitation.signIn")}</Link>
        </p>
      </TokenPanel>
    );
  }
  const problem = result ?? (invitation.status === "valid" ? null : invitation);
  if (problem) {
    return (
      <TokenPanel title={t("invitation.failed")}>
        <p role="alert">{t(problem.status === "expired" ? "invitation.expired" : "invitation.invalid")}</p>
      </TokenPanel>
    );
  }
  const title = invitation.status === "valid" ? invitation.statementTitle : "";
  return (
    <TokenPanel title={t("invitation.title")}>
      <p>{t("invitation.intro", { title: title || t("invitation.untitled") })}</p>
      <TokenButton token={token}>{t("invitation.accept")}</TokenButton>
      <p className="hint">{t("invitation.ignore")}</p>
    </TokenPanel>
  );
}
