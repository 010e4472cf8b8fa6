import type { MetaFunction } from "@remix-run/node";
import { useRouteError } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { metaTitle } from "~/i18n/meta";

// Any address no other route answers: a 404 rendered under the root loader,
// so it comes in the reader's language.
export const loader = () => {
  throw new Response("Not found", { status: 404 });
};
// A post to nowhere is a 404 too, as it was before this route caught everything.
export const action = loader;

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "error.404.title")];

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
