// Route guards: they answer for the route (a redirect to sign in, a 404, a
// 403) by throwing, as Remix loaders and actions may. Domain code never does.
import { redirect } from "@remix-run/node";
import { requireOrganizedStatement, type OrganizedStatement } from "~/statements/access.server";
import { safeEqual } from "~/utils/crypto.server";
import { orHttpError } from "./respond.server";
import { getSessionUser } from "./session.server";

export type SignedInUser = NonNullable<Awaited<ReturnType<typeof getSessionUser>>>;

/** The signed-in organizer, or a redirect to sign in (then back here). */
export async function requireUser(request: Request): Promise<SignedInUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** A platform admin; anyone else is told there is nothing here. */
export async function requireAdmin(request: Request): Promise<SignedInUser> {
  const user = await requireUser(request);
  if (!user.isAdmin) throw new Response("Not found", { status: 404 });
  return user;
}

/**
 * Every state-changing organizer and admin form carries the session's CSRF
 * token in a `csrf` field (SameSite=Lax is the first line; this the second).
 */
export function assertCsrf(user: { csrfToken: string }, form: FormData) {
  const sent = form.get("csrf");
  if (typeof sent !== "string" || !safeEqual(sent, user.csrfToken)) {
    throw new Response("This form has expired. Go back, reload the page and try again.", { status: 403 });
  }
}

/** The usual start of an organizer's action: signed in, the form read, its CSRF token checked. */
export async function requireUserForm(request: Request): Promise<{ user: SignedInUser; form: FormData }> {
  const user = await requireUser(request);
  const form = await request.formData();
  assertCsrf(user, form);
  return { user, form };
}

/** The same for an admin's action. */
export async function requireAdminForm(request: Request): Promise<{ user: SignedInUser; form: FormData }> {
  const user = await requireAdmin(request);
  const form = await request.formData();
  assertCsrf(user, form);
  return { user, form };
}

/**
 * The signed-in organizer and the statement of the address, if they
 * organize it; anyone else gets a 404, so nobody learns whose drafts exist.
 */
export async function requireStatementOrganizer(
  request: Request,
  statementId: string | undefined,
): Promise<{ user: SignedInUser; statement: OrganizedStatement }> {
  const user = await requireUser(request);
  const statement = await orHttpError(requireOrganizedStatement({ statementId, userId: user.id }));
  return { user, statement };
}
