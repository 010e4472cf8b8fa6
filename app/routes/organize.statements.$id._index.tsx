import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput, describedBy, ErrorSummary, errorId, fieldErrors, hintId, TextArea, TextField } from "~/components/form";
import { OrganizeTabs } from "~/components/organize-tabs";
import { appUrl } from "~/env.server";
import { formatDate, translate } from "~/i18n/core";
import { metaLocale } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/use-t";
import { assertCsrf, requireUser } from "~/organizers/auth.server";
import { groupByOffice } from "~/officials/officials";
import { listJurisdictions, listOfficials } from "~/officials/officials.server";
import { inviteSchema, removeOrganizerSchema } from "~/organizers/co-organizers";
import { inviteCoOrganizer, listOrganizers, removeCoOrganizer } from "~/organizers/co-organizers.server";
import { canBeCopied, isEditable } from "~/statements/lifecycle";
import { DRAFT_LABELS, DRAFT_MESSAGE_VARS, draftErrors, draftValuesFromForm, draftValuesFromStatement, type DraftFormValues } from "~/statements/draft-form";
import { draftSchema } from "~/statements/draft-input.server";
import { translationOf } from "~/statements/text";
import { copyStatement, isPlaceholderSlug, saveDraft } from "~/statements/drafts.server";
import { listRecipients } from "~/statements/organizer-lists.server";
import { publishDraft } from "~/statements/publish.server";
import { verifiedCount } from "~/signing/verified-count.server";
import { requireOrganizedStatement } from "~/statements/access.server";
import { orHttpError } from "~/http/respond.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = metaLocale(matches);
  return [{ title: `${data?.statement.title || translate(locale, "dashboard.untitled")} — ${translate(locale, "nav.organize")} — Undersigned` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const statement = await orHttpError(requireOrganizedStatement({ statementId: params.id, userId: user.id }));
  const editable = isEditable(statement.state);
  const [jurisdictions, officials, recipients, organizers, verified] = await Promise.all([
    listJurisdictions(),
    editable ? listOfficials({ jurisdictionId: statement.jurisdiction_id }) : Promise.resolve([]),
    listRecipients({ statementId: statement.id }),
    listOrganizers({ statementId: statement.id }),
    verifiedCount(statement.id),
  ]);
  const values = draftValuesFromStatement(
    statement,
    recipients.map((r) => r.id),
  );
  if (isPlaceholderSlug(values.slug)) values.slug = "";
  return {
    statement,
    jurisdiction: jurisdictions.find((j) => j.id === statement.jurisdiction_id)?.name ?? "",
    jurisdictions,
    officials,
    recipients,
    organizers,
    verified,
    values,
    userId: user.id,
    hasTranslation: translationOf(statement) !== null,
    publicUrl: `${appUrl()}/statements/${statement.slug}`,
  };
}

type DraftActionData = { form: "draft"; errors: Record<string, string>; values: DraftFormValues; focusReason?: number; savedAt?: number };
type ActionData = DraftActionData | { form: "invite"; errors: Record<string, string | undefined>; values: { email: string } } | { form: "organizers"; error: string };

const DRAFT_INTENTS = ["save", "preview", "addReason", "publish", "publishSaved"];

export async function action({ request, params }: ActionFunctionArgs): Promise<ActionData | Response> {
  const user = await requireUser(request);
  const statement = await orHttpError(requireOrganizedStatement({ statementId: params.id, userId: user.id }));
  const form = await request.formData();
  assertCsrf(user, form);
  const intent = String(form.get("intent") ?? "save");
  const here = `/organize/statements/${statement.id}`;

  if (DRAFT_INTENTS.includes(intent)) {
    // Checked again under a row lock by the domain; this is the quick, clear answer.
    if (!isEditable(statement.state)) throw new Response("This statement is published: its text can no longer change.", { status: 409 });
    if (intent === "publishSaved") {
      const result = await orHttpError(publishDraft({ statementId: statement.id, userId: user.id }));
      if (result.status === "ok") return redirect(`${here}?notice=published`);
      const recipients = await listRecipients({ statementId: statement.id });
      const values = draftValuesFromStatement(statement, recipients.map((r) => r.id));
      if (isPlaceholderSlug(values.slug)) values.slug = "";
      return { form: "draft", errors: result.errors, values };
    }
    const values = draftValuesFromForm(form);
    const parsed = draftSchema.safeParse(values);
    if (!parsed.success) return { form: "draft", errors: draftErrors(parsed.error.issues), values };
    const draft = parsed.data;
    const result = await orHttpError(() =>
      intent === "publish"
        ? publishDraft({ statementId: statement.id, userId: user.id, draft })
        : saveDraft({ statementId: statement.id, userId: user.id, draft }),
    );
    if (result.status === "invalid" && result.statement) {
      // Publishing saved the draft before finding what is missing: show the address it was saved under.
      const slug = isPlaceholderSlug(result.statement.slug) ? "" : result.statement.slug;
      return { form: "draft", errors: result.errors, values: { ...values, slug }, savedAt: new Date(result.statement.updated_at).getTime() };
    }
    if (result.status === "invalid") return { form: "draft", errors: result.errors, values };
    if (intent === "publish") return redirect(`${here}?notice=published`);
    if (intent === "preview") return redirect(`${here}/preview`);
    if (intent === "addReason") {
      const saved = draftValuesFromStatement(result.statement, draft.officialIds);
      if (isPlaceholderSlug(saved.slug)) saved.slug = "";
      return {
        form: "draft",
        errors: {},
        values: { ...saved, preamble: [...saved.preamble, ""] },
        focusReason: saved.preamble.length,
        savedAt: new Date(result.statement.updated_at).getTime(),
      };
    }
    return redirect(`${here}?notice=saved`);
  }

  if (intent === "invite") {
    const values = { email: String(form.get("email") ?? "") };
    const parsed = inviteSchema.safeParse(values);
    if (!parsed.success) return { form: "invite", errors: fieldErrors(parsed.error.issues), values };
    const result = await inviteCoOrganizer({ statementId: statement.id, invitedBy: user, email: parsed.data.email });
    if (!result.ok) return { form: "invite", errors: result.errors, values };
    return redirect(`${here}?notice=invited`);
  }

  if (intent === "removeOrganizer") {
    const parsed = removeOrganizerSchema.safeParse({ userId: form.get("userId") });
    if (!parsed.success) return { form: "organizers", error: "organizers.error.choose" };
    const result = await removeCoOrganizer({ statementId: statement.id, userId: parsed.data.userId });
    if (!result.ok) return { form: "organizers", error: result.error };
    return redirect(parsed.data.userId === user.id ? "/organize" : `${here}?notice=removed`);
  }

  if (intent === "copy") {
    const copy = await orHttpError(() => copyStatement({ statementId: statement.id, userId: user.id }));
    return redirect(`/organize/statements/${copy.id}?notice=copied`);
  }

  throw new Response("Unknown action", { status: 400 });
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
        ? t(`manage.notice.${notice}`)
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
      {editable ? <DraftForm actionData={actionData?.form === "draft" ? actionData : undefined} /> : <PublishedFacts />}
      <Organizers actionData={actionData} />
    </>
  );
}

function PublishedFacts() {
  const { statement, recipients, verified, jurisdiction, hasTranslation } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const publicPath = `/statements/${statement.slug}`;
  const listed = statement.state === "open" || statement.state === "closed" || statement.state === "delivered";
  return (
    <>
      <section className="panel" aria-labelledby="facts-title">
        <h2 id="facts-title">{t("manage.published")}</h2>
        <p className="muted small">{t("manage.locked")}</p>
        <dl className="facts">
          <dt>{t("manage.state")}</dt>
          <dd>{t(`campaign.state.${statement.state}`)}</dd>
          <dt>{t("manage.publicPage")}</dt>
          <dd>{listed ? <Link to={publicPath}>{publicPath}</Link> : <span>{t("manage.onceApproved", { path: publicPath })}</span>}</dd>
          <dt>{t("manage.versionHash")}</dt>
          <dd>
            <code className="hash" id="version-hash">
              {statement.version_hash}
            </code>
          </dd>
          <dt>{t("draft.jurisdiction")}</dt>
          <dd>{jurisdiction}</dd>
          <dt>{t("manage.translation")}</dt>
          <dd>{t(hasTranslation ? "manage.translation.yes" : "manage.translation.no")}</dd>
          <dt>{t("dashboard.verified")}</dt>
          <dd>{t("my.progress", { count: verified, goal: statement.goal })}</dd>
          {statement.deadline ? (
            <>
              <dt>{t("draft.deadlineShort")}</dt>
              <dd>{formatDate(locale, statement.deadline)}</dd>
            </>
          ) : null}
          <dt>{t("manage.goesTo")}</dt>
          <dd>
            <ul className="plain-list">
              {recipients.map((r) => (
                <li key={r.id}>
                  {r.name} <span className="muted">({t(`office.${r.office}`)}{r.ward ? `, ${r.ward}` : ""})</span>
                </li>
              ))}
            </ul>
          </dd>
        </dl>
        <div className="button-row actions">
          <Link className="button secondary" to={`/organize/statements/${statement.id}/preview`}>
            {t("manage.seeText")}
          </Link>
          <Link className="button secondary" to={`/organize/statements/${statement.id}/delivery`}>
            {t("manage.delivery")}
          </Link>
          {canBeCopied(statement.state) ? (
            <Form method="post" className="inline-form">
              <CsrfInput />
              <button type="submit" name="intent" value="copy">
                {t("manage.copy")}
              </button>
            </Form>
          ) : null}
        </div>
      </section>
      {listed ? <EmbedSnippet /> : null}
    </>
  );
}

/** What a partner site pastes to carry the sign form, and where to read the live count. */
function EmbedSnippet() {
  const { statement, publicUrl } = useLoaderData<typeof loader>();
  const t = useT();
  const iframe = `<iframe src="${publicUrl}/embed" title="${escapeAttribute(t("embed.frameTitle", { title: statement.title }))}" width="100%" height="900" style="border:0;max-width:30rem" loading="lazy"></iframe>`;
  return (
    <section className="panel" aria-labelledby="embed-title">
      <h2 id="embed-title">{t("embed.title")}</h2>
      <p>{t("embed.intro")}</p>
      <div className="field">
        <label htmlFor="embed-code">{t("embed.code")}</label>
        <span className="hint" id={hintId("embed-code")}>
          {t("embed.codeHint")}
        </span>
        <textarea id="embed-code" readOnly rows={4} className="code" value={iframe} aria-describedby={hintId("embed-code")} />
      </div>
      <div className="field">
        <label htmlFor="count-url">{t("embed.countUrl")}</label>
        <span className="hint" id={hintId("count-url")}>
          {t("embed.countUrlHint")}
        </span>
        <input id="count-url" type="text" readOnly className="code" value={`${publicUrl}/count`} aria-describedby={hintId("count-url")} />
      </div>
    </section>
  );
}

const escapeAttribute = (v: string) => v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function DraftForm({ actionData }: { actionData?: DraftActionData }) {
  const { statement, jurisdictions, officials, values: saved } = useLoaderData<typeof loader>();
  const t = useT();
  const values = actionData?.values ?? saved;
  // The domain's messages are catalog keys.
  const errors: Record<string, string> = Object.fromEntries(Object.entries(actionData?.errors ?? {}).map(([k, v]) => [k, t(v, DRAFT_MESSAGE_VARS)]));
  const labels = Object.fromEntries(Object.entries(DRAFT_LABELS).map(([k, v]) => [k, t(v)]));
  const reasons = values.preamble.length ? values.preamble : [""];
  const checked = new Set(values.officialIds);
  const changedJurisdiction = values.jurisdictionId !== String(statement.jurisdiction_id);
  const hasTranslation = [values.titleEs, values.summaryEs, values.callToResidentsEs, values.askOfOfficialsEs, values.pledgeEs, ...values.preambleEs].some((v) => v.trim());
  const reasonBox = (field: "preamble" | "preambleEs", i: number, value: string) => {
    const name = `${field}-${i}`;
    return (
      <div className="field reason" key={name}>
        <label htmlFor={name}>{t(field === "preamble" ? "draft.reason" : "draft.reasonEs", { n: i + 1 })}</label>
        {errors[name] ? (
          <p className="field-error" id={errorId(name)}>
            {errors[name]}
          </p>
        ) : null}
        <textarea
          id={name}
          name={field}
          rows={3}
          defaultValue={value}
          lang={field === "preambleEs" ? "es" : undefined}
          autoFocus={field === "preamble" && actionData?.focusReason === i}
          {...describedBy(name, { error: errors[name] })}
        />
      </div>
    );
  };
  return (
    // Remounted after every save, so fields show what was stored (such as a web address made from the title).
    // Remix renders an action's data before the loaders' fresh data, so the save's own time comes first:
    // otherwise the form would remount twice and lose what was typed in between.
    <Form method="post" noValidate key={actionData?.savedAt ?? new Date(statement.updated_at).getTime()} aria-label={t("draft.formLabel")}>
      {/* Enter in a text field presses the form's first button: make that "Save draft". */}
      <button type="submit" name="intent" value="save" className="visually-hidden" tabIndex={-1} aria-hidden="true">
        {t("draft.save")}
      </button>
      <CsrfInput />
      <ErrorSummary errors={errors} labels={labels} />
      <section className="panel">
        <h2>{t("draft.section.text")}</h2>
        <TextField name="title" label={t("draft.title")} defaultValue={values.title} error={errors.title} />
        <TextField name="slug" label={t("draft.slug")} hint={t("draft.slugHint")} defaultValue={values.slug} error={errors.slug} />
        <TextArea name="summary" label={t("draft.summary")} hint={t("draft.summaryHint")} defaultValue={values.summary} error={errors.summary} rows={3} />
        <fieldset id="preamble" {...describedBy("preamble", { error: errors.preamble, hint: true })}>
          <legend>{t("draft.reasons")}</legend>
          <span className="hint" id={hintId("preamble")}>
            {t("draft.reasonsHint")}
          </span>
          {errors.preamble ? (
            <p className="field-error" id={errorId("preamble")}>
              {errors.preamble}
            </p>
          ) : null}
          {reasons.map((p, i) => reasonBox("preamble", i, p))}
          <button type="submit" name="intent" value="addReason" className="secondary">
            {t("draft.addReason")}
          </button>
        </fieldset>
        <TextArea name="callToResidents" label={t("draft.callToResidents")} hint={t("draft.callToResidentsHint")} defaultValue={values.callToResidents} error={errors.callToResidents} />
        <TextArea name="askOfOfficials" label={t("draft.askOfOfficials")} hint={t("draft.askOfOfficialsHint")} defaultValue={values.askOfOfficials} error={errors.askOfOfficials} />
        <TextArea name="pledge" label={t("draft.pledge")} hint={t("draft.pledgeHint")} defaultValue={values.pledge} error={errors.pledge} rows={3} />
      </section>

      <section className="panel translation" aria-labelledby="translation-title">
        {/* Folded away until there is something in it: most statements have no translation. */}
        <details open={hasTranslation || Object.keys(errors).some((k) => /Es(-\d+)?$/.test(k))}>
          <summary>
            <h2 id="translation-title">{t("draft.section.translation")}</h2>
          </summary>
          <p className="hint">{t("draft.translationHint")}</p>
          <div lang="es">
          <TextField name="titleEs" label={t("draft.titleEs")} defaultValue={values.titleEs} error={errors.titleEs} />
          <TextArea name="summaryEs" label={t("draft.summaryEs")} defaultValue={values.summaryEs} error={errors.summaryEs} rows={3} />
          <fieldset id="preambleEs" {...describedBy("preambleEs", { error: errors.preambleEs })}>
            <legend>{t("draft.reasonsEs")}</legend>
            {errors.preambleEs ? (
              <p className="field-error" id={errorId("preambleEs")}>
                {errors.preambleEs}
              </p>
            ) : null}
            {reasons.map((_, i) => reasonBox("preambleEs", i, values.preambleEs[i] ?? ""))}
          </fieldset>
          <TextArea name="callToResidentsEs" label={t("draft.callToResidentsEs")} defaultValue={values.callToResidentsEs} error={errors.callToResidentsEs} />
          <TextArea name="askOfOfficialsEs" label={t("draft.askOfOfficialsEs")} defaultValue={values.askOfOfficialsEs} error={errors.askOfOfficialsEs} />
          <TextArea name="pledgeEs" label={t("draft.pledgeEs")} defaultValue={values.pledgeEs} error={errors.pledgeEs} rows={3} />
          </div>
        </details>
      </section>

      <section className="panel">
        <h2>{t("draft.section.recipients")}</h2>
        <div className="field">
          <label htmlFor="jurisdictionId">{t("draft.jurisdiction")}</label>
          <span className="hint" id={hintId("jurisdictionId")}>
            {t("draft.jurisdictionHint")}
          </span>
          {errors.jurisdictionId ? (
            <p className="field-error" id={errorId("jurisdictionId")}>
              {errors.jurisdictionId}
            </p>
          ) : null}
          <select id="jurisdictionId" name="jurisdictionId" defaultValue={values.jurisdictionId} {...describedBy("jurisdictionId", { error: errors.jurisdictionId, hint: true })}>
            {jurisdictions.map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset id="officialIds" {...describedBy("officialIds", { error: errors.officialIds, hint: true })}>
          <legend>{t("draft.officials")}</legend>
          <span className="hint" id={hintId("officialIds")}>
            {t(changedJurisdiction ? "draft.officialsSave" : "draft.officialsHint")}
          </span>
          {errors.officialIds ? (
            <p className="field-error" id={errorId("officialIds")}>
              {errors.officialIds}
            </p>
          ) : null}
          {officials.length === 0 ? <p className="muted">{t("draft.noOfficials")}</p> : null}
          {groupByOffice(officials).map((group) => (
            <div key={group.office} className="officials-group">
              <h3>{t(`office.${group.office}`)}</h3>
              {group.officials.map((o) => (
                <label key={o.id} className="choice">
                  <input type="checkbox" name="officialIds" value={o.id} defaultChecked={checked.has(String(o.id))} />
                  <span>
                    {o.name}
                    {o.ward ? <span className="muted"> — {o.ward}</span> : null}
                  </span>
                </label>
              ))}
            </div>
          ))}
        </fieldset>
      </section>

      <section className="panel">
        <h2>{t("draft.section.delivery")}</h2>
        <TextField name="goal" label={t("draft.goal")} inputMode="numeric" defaultValue={values.goal} error={errors.goal} hint={t("draft.goalHint")} />
        <TextField name="deadline" label={t("draft.deadline")} type="date" defaultValue={values.deadline} error={errors.deadline} hint={t("draft.deadlineHint")} />
        <label className="choice">
          <input type="checkbox" name="askWard" value="yes" defaultChecked={values.askWard} />
          <span>{t("draft.askWard")}</span>
        </label>
        <fieldset id="deliveryTrigger" {...describedBy("deliveryTrigger", { error: errors.deliveryTrigger })}>
          <legend>{t("draft.deliveryTrigger")}</legend>
          {errors.deliveryTrigger ? (
            <p className="field-error" id={errorId("deliveryTrigger")}>
              {errors.deliveryTrigger}
            </p>
          ) : null}
          {(["manual", "deadline", "goal"] as const).map((value) => (
            <label key={value} className="choice">
              <input type="radio" name="deliveryTrigger" value={value} defaultChecked={values.deliveryTrigger === value} />
              <span>{t(`draft.trigger.${value}`)}</span>
            </label>
          ))}
        </fieldset>
        <label className="choice">
          <input type="checkbox" name="keepCollecting" value="yes" defaultChecked={values.keepCollecting} />
          <span>{t("draft.keepCollecting")}</span>
        </label>
      </section>

      <div className="button-row">
        <button type="submit" name="intent" value="save" className="secondary">
          {t("draft.save")}
        </button>
        <button type="submit" name="intent" value="preview" className="secondary">
          {t("draft.preview")}
        </button>
        <button type="submit" name="intent" value="publish">
          {t("draft.publish")}
        </button>
      </div>
      <p className="small muted">{t("draft.publishHint")}</p>
    </Form>
  );
}

function Organizers({ actionData }: { actionData?: ActionData }) {
  const { organizers, userId } = useLoaderData<typeof loader>();
  const t = useT();
  const invite = actionData?.form === "invite" ? actionData : undefined;
  const removal = actionData?.form === "organizers" ? actionData : undefined;
  const inviteError = invite?.errors.email ? t(invite.errors.email) : undefined;
  return (
    <section className="panel" aria-labelledby="organizers-title">
      <h2 id="organizers-title">{t("organizers.title")}</h2>
      {removal ? (
        <p className="field-error" role="alert">
          {t(removal.error)}
        </p>
      ) : null}
      <ul className="signers">
        {organizers.map((o) => (
          <li key={o.id} className="organizer-row">
            <span>
              {o.email} <span className="muted small">{t(o.role === "owner" ? "organizers.owner" : "organizers.coOrganizer")}</span>
            </span>
            {o.role === "co_organizer" ? (
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="userId" value={o.id} />
                <button type="submit" name="intent" value="removeOrganizer" className="link-button">
                  {o.id === userId ? t("organizers.leave") : t("organizers.remove", { email: o.email })}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <Form method="post" noValidate className="invite-form">
        <ErrorSummary errors={inviteError ? { email: inviteError } : null} />
        <CsrfInput />
        <TextField
          name="email"
          type="email"
          label={t("organizers.invite")}
          hint={t("organizers.inviteHint")}
          defaultValue={invite?.values.email}
          error={inviteError}
        />
        <button type="submit" name="intent" value="invite" className="secondary">
          {t("organizers.inviteButton")}
        </button>
      </Form>
    </section>
  );
}
