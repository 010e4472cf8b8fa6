import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DraftForm, type DraftActionData } from "~/components/draft-form";
import { fieldErrors } from "~/components/form";
import { OrganizeTabs } from "~/components/organize-tabs";
import "~/i18n/organizer-messages";
import "~/i18n/campaign-messages";
import { OrganizersPanel, type InviteActionData, type RemovalActionData } from "~/components/organizers-panel";
import { PublishedFacts } from "~/components/published-facts";
import { assertCsrf, requireStatementOrganizer, type SignedInUser } from "~/http/guards.server";
import { formText, handlerFor } from "~/http/intents.server";
import { orHttpError } from "~/http/respond.server";
import { checkedKey, translate, type Locale } from "~/i18n/core";
import { negotiateLocale } from "~/i18n/locale.server";
import { metaLocale } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import { inviteSchema, removeOrganizerSchema } from "~/organizers/co-organizers-input.server";
import { inviteCoOrganizer, removeCoOrganizer } from "~/organizers/co-organizers.server";
import { loadManagedStatement, publishSavedDraft, savedDraftValues } from "~/organizers/manage-statement.server";
import type { OrganizedStatement } from "~/statements/access.server";
import { draftErrors, draftValuesFromForm } from "~/statements/draft-form";
import { draftSchema } from "~/statements/draft-input.server";
import { copyStatement, isPlaceholderSlug, saveDraft } from "~/statements/drafts.server";
import { isEditable } from "~/statements/lifecycle";
import { publishDraft } from "~/statements/publish.server";

export const handle = { private: true };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = metaLocale(matches);
  return [{ title: `${data?.statement.title || translate(locale, "dashboard.untitled")} — ${translate(locale, "nav.organize")} — Undersigned` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, statement } = await requireStatementOrganizer(request, params.id);
  return { ...(await loadManagedStatement({ statement })), userId: user.id };
}

type ActionData = DraftActionData | InviteActionData | RemovalActionData;
type IntentArgs = { form: FormData; user: SignedInUser; statement: OrganizedStatement; here: string; locale: Locale };
type Redirect = ReturnType<typeof redirect>;
type Handler = (args: IntentArgs) => Promise<ActionData | Redirect>;

/** The draft's intents share one precondition: its text may still change. */
const whileEditable =
  (handler: Handler): Handler =>
  async (args) => {
    // Checked again under a row lock by the domain; this is the quick, clear answer.
    if (!isEditable(args.statement.state)) throw new Response("This statement is published: its text can no longer change.", { status: 409 });
    return handler(args);
  };

/** Save (or publish) what is on the screen, then go where `next` says. */
const saveDraftThen = (next: "saved" | "preview" | "addReason" | "publish"): Handler =>
  whileEditable(async ({ form, user, statement, here, locale }) => {
    const values = draftValuesFromForm(form);
    const parsed = draftSchema.safeParse(values);
    if (!parsed.success) return { form: "draft", errors: draftErrors(parsed.error.issues), values };
    const draft = parsed.data;
    const change = next === "publish" ? publishDraft : saveDraft;
    const result = await orHttpError(() => change({ statementId: statement.id, userId: user.id, draft, locale }));
    if (result.status === "invalid" && result.statement) {
      // Publishing saved the draft before finding what is missing: show the address it was saved under.
      const slug = isPlaceholderSlug(result.statement.slug) ? "" : result.statement.slug;
      return { form: "draft", errors: result.errors, values: { ...values, slug }, savedAt: new Date(result.statement.updated_at).getTime() };
    }
    if (result.status === "invalid") return { form: "draft", errors: result.errors, values };
    if (next === "publish") return redirect(`${here}?notice=published`);
    if (next === "preview") return redirect(`${here}/preview`);
    if (next === "saved") return redirect(`${here}?notice=saved`);
    // Another reason: the saved draft again, with an empty box at the end, focused.
    const saved = savedDraftValues(result.statement, draft.officialIds);
    return {
      form: "draft",
      errors: {},
      values: { ...saved, preamble: [...saved.preamble, ""] },
      focusReason: saved.preamble.length,
      savedAt: new Date(result.statement.updated_at).getTime(),
    };
  });

const publishSaved: Handler = whileEditable(async ({ user, statement, here, locale }) => {
  const result = await orHttpError(() => publishSavedDraft({ statement, userId: user.id, locale }));
  if (result.status === "invalid") return { form: "draft", errors: result.errors, values: result.values };
  return redirect(`${here}?notice=published`);
});

const invite: Handler = async ({ form, user, statement, here, locale }) => {
  const values = { email: formText(form, "email") };
  const parsed = inviteSchema.safeParse(values);
  if (!parsed.success) return { form: "invite", errors: fieldErrors(parsed.error.issues), values };
  const result = await inviteCoOrganizer({ statementId: statement.id, invitedBy: user, email: parsed.data.email, locale });
  if (!result.ok) return { form: "invite", errors: result.errors, values };
  return redirect(`${here}?notice=invited`);
};

const removeOrganizer: Handler = async ({ form, user, statement, here }) => {
  const parsed = removeOrganizerSchema.safeParse({ userId: form.get("userId") });
  if (!parsed.success) return { form: "organizers", error: "organizers.error.choose" };
  const result = await removeCoOrganizer({ statementId: statement.id, userId: parsed.data.userId });
  if (!result.ok) return { form: "organizers", error: result.error };
  return redirect(parsed.data.userId === user.id ? "/organize" : `${here}?notice=removed`);
};

const copy: Handler = async ({ user, statement }) => {
  const made = await orHttpError(() => copyStatement({ statementId: statement.id, userId: user.id }));
  return redirect(`/organize/statements/${made.id}?notice=copied`);
};

const intents = {
  save: saveDraftThen("saved"),
  preview: saveDraftThen("preview"),
  addReason: saveDraftThen("addReason"),
  publish: saveDraftThen("publish"),
  publishSaved,
  invite,
  removeOrganizer,
  copy,
} satisfies Record<string, Handler>;

export async function action({ request, params }: ActionFunctionArgs): Promise<ActionData | Redirect> {
  const { user, statement } = await requireStatementOrganizer(request, params.id);
  const form = await request.formData();
  assertCsrf(user, form);
  // Enter in a text field submits the draft form without an intent: that is a save.
  const handle = handlerFor(form, intents, { fallback: "save" });
  return handle({ form, user, statement, here: `/organize/statements/${statement.id}`, locale: negotiateLocale(request) });
}

const NOTICES = ["saved", "invited", "removed", "copied"];

export default function StatementForOrganizer() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const { statement } = data;
  const notice = params.get("notice");
  const editable = isEditable(statement.state);
  const noticeText =
    notice === "published"
      ? t(statement.state === "in_review" ? "manage.notice.inReview" : "manage.notice.published")
      : notice && NOTICES.includes(notice)
        ? t(checkedKey(`manage.notice.${notice}`))
        : undefined;
  return (
    <>
      <p className="small">
        <Link to="/organize">← {t("my.title")}</Link>
      </p>
      <h1 className="long-title">{statement.title || t("dashboard.untitled")}</h1>
      <p>
        <span className={`badge ${statement.state}`}>{t(`campaign.state.${statement.state}`)}</span>
      </p>
      <OrganizeTabs statementId={statement.id} slug={statement.slug} published={!editable} />
      {noticeText && !actionData ? (
        <p className="notice" role="status">
          {noticeText}
        </p>
      ) : null}
      {statement.state === "rejected" && statement.rejection_reason ? (
        <div className="notice wait" role="note">
          <strong>{t("manage.rejected")}</strong>
          <p className="preserve-lines">{statement.rejection_reason}</p>
          <p className="small">{t("manage.rejectedHint")}</p>
        </div>
      ) : null}
      {editable ? (
        <DraftForm
          statement={statement}
          jurisdictions={data.jurisdictions}
          officials={data.officials}
          saved={data.values}
          actionData={actionData?.form === "draft" ? actionData : undefined}
        />
      ) : (
        <PublishedFacts
          statement={statement}
          recipients={data.recipients}
          verified={data.verified}
          jurisdiction={data.jurisdiction}
          hasTranslation={data.hasTranslation}
          publicUrl={data.publicUrl}
        />
      )}
      <OrganizersPanel
        organizers={data.organizers}
        userId={data.userId}
        invite={actionData?.form === "invite" ? actionData : undefined}
        removal={actionData?.form === "organizers" ? actionData : undefined}
      />
    </>
  );
}
