import { OrganizeTabs } from "~/components/organize-tabs";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput, describedBy, ErrorSummary, errorId, fieldErrors, hintId, TextArea, TextField } from "~/components/form";
import { formatDate } from "~/i18n/core";
import { useLocale } from "~/i18n/use-t";
import { assertCsrf, requireUser } from "~/models/auth.server";
import { groupByOffice, OFFICE_LABELS } from "~/models/official";
import { listJurisdictions, listOfficials } from "~/models/official.server";
import { inviteSchema, removeOrganizerSchema } from "~/models/organizer";
import { inviteCoOrganizer, listOrganizers, removeCoOrganizer } from "~/models/organizer.server";
import {
  canBeCopied,
  DRAFT_LABELS,
  draftErrors,
  draftSchema,
  draftValuesFromForm,
  draftValuesFromStatement,
  isEditable,
  STATE_LABELS,
  type DraftFormValues,
} from "~/models/statement";
import {
  copyStatement,
  isPlaceholderSlug,
  listRecipients,
  publishDraft,
  refuseIfLocked,
  saveDraft,
  verifiedCount,
} from "~/models/statement.server";
import { requireOrganizedStatement } from "~/models/statement-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.statement.title || "Untitled statement"} — Organize — Undersigned` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const statement = await requireOrganizedStatement({ statementId: params.id, userId: user.id });
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
  };
}

type DraftActionData = { form: "draft"; errors: Record<string, string>; values: DraftFormValues; focusReason?: number; savedAt?: number };
type ActionData = DraftActionData | { form: "invite"; errors: Record<string, string | undefined>; values: { email: string } } | { form: "organizers"; error: string };

const DRAFT_INTENTS = ["save", "preview", "addReason", "publish", "publishSaved"];

export async function action({ request, params }: ActionFunctionArgs): Promise<ActionData | Response> {
  const user = await requireUser(request);
  const statement = await requireOrganizedStatement({ statementId: params.id, userId: user.id });
  const form = await request.formData();
  assertCsrf(user, form);
  const intent = String(form.get("intent") ?? "save");
  const here = `/organize/statements/${statement.id}`;

  if (DRAFT_INTENTS.includes(intent)) {
    // Checked again under a row lock by the domain; this is the quick, clear answer.
    if (!isEditable(statement.state)) throw new Response("This statement is published: its text can no longer change.", { status: 409 });
    if (intent === "publishSaved") {
      const result = await refuseIfLocked(() => publishDraft({ statementId: statement.id, userId: user.id }));
      if (result.ok) return redirect(`${here}?notice=published`);
      const recipients = await listRecipients({ statementId: statement.id });
      const values = draftValuesFromStatement(statement, recipients.map((r) => r.id));
      if (isPlaceholderSlug(values.slug)) values.slug = "";
      return { form: "draft", errors: result.errors, values };
    }
    const values = draftValuesFromForm(form);
    const parsed = draftSchema.safeParse(values);
    if (!parsed.success) return { form: "draft", errors: draftErrors(parsed.error.issues), values };
    const draft = parsed.data;
    const result = await refuseIfLocked(() =>
      intent === "publish"
        ? publishDraft({ statementId: statement.id, userId: user.id, draft })
        : saveDraft({ statementId: statement.id, userId: user.id, draft }),
    );
    if (!result.ok && result.statement) {
      // Publishing saved the draft before finding what is missing: show the address it was saved under.
      const slug = isPlaceholderSlug(result.statement.slug) ? "" : result.statement.slug;
      return { form: "draft", errors: result.errors, values: { ...values, slug }, savedAt: new Date(result.statement.updated_at).getTime() };
    }
    if (!result.ok) return { form: "draft", errors: result.errors, values };
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
    if (!parsed.success) return { form: "organizers", error: "Choose whom to remove." };
    const result = await removeCoOrganizer({ statementId: statement.id, userId: parsed.data.userId });
    if (!result.ok) return { form: "organizers", error: result.error };
    return redirect(parsed.data.userId === user.id ? "/organize" : `${here}?notice=removed`);
  }

  if (intent === "copy") {
    const copy = await refuseIfLocked(() => copyStatement({ statementId: statement.id, userId: user.id }));
    return redirect(`/organize/statements/${copy.id}?notice=copied`);
  }

  throw new Response("Unknown action", { status: 400 });
}

const NOTICES: Record<string, string> = {
  saved: "Draft saved.",
  invited: "Invitation sent.",
  removed: "Co-organizer removed.",
  copied: "This is a new draft copied from a closed statement. Change what you need, then publish it.",
};

export default function StatementForOrganizer() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { statement } = data;
  const notice = params.get("notice");
  const editable = isEditable(statement.state);
  const noticeText =
    notice === "published"
      ? statement.state === "in_review"
        ? "Published. Your statement opens for signatures once a platform admin approves it."
        : "Published. Your statement is open for signatures."
      : notice
        ? NOTICES[notice]
        : undefined;
  return (
    <>
      <p className="small">
        <Link to="/organize">← My statements</Link>
      </p>
      <h1>{statement.title || "Untitled statement"}</h1>
      <p>
        <span className={`badge ${statement.state}`}>{STATE_LABELS[statement.state]}</span>
      </p>
      <OrganizeTabs statementId={statement.id} slug={statement.slug} published={!editable} />
      {noticeText && !actionData ? (
        <p className="notice" role="status">
          {noticeText}
        </p>
      ) : null}
      {statement.state === "rejected" && statement.rejection_reason ? (
        <div className="notice" role="note">
          <strong>A platform admin asked for changes before this statement can open:</strong>
          <p>{statement.rejection_reason}</p>
          <p className="small">Change the draft and publish it again.</p>
        </div>
      ) : null}
      {editable ? (
        <DraftForm actionData={actionData?.form === "draft" ? actionData : undefined} />
      ) : (
        <PublishedFacts />
      )}
      <Organizers actionData={actionData} />
    </>
  );
}

function PublishedFacts() {
  const { statement, recipients, verified, jurisdiction } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const publicPath = `/statements/${statement.slug}`;
  const listed = statement.state === "open" || statement.state === "closed" || statement.state === "delivered";
  return (
    <section className="panel" aria-labelledby="facts-title">
      <h2 id="facts-title">Published statement</h2>
      <p className="muted small">The text is locked: it is exactly what signers sign and what officials receive.</p>
      <dl className="facts">
        <dt>State</dt>
        <dd>{STATE_LABELS[statement.state]}</dd>
        <dt>Public page</dt>
        <dd>{listed ? <Link to={publicPath}>{publicPath}</Link> : <span>{publicPath} (once approved)</span>}</dd>
        <dt>Version hash</dt>
        <dd>
          <code className="hash" id="version-hash">
            {statement.version_hash}
          </code>
        </dd>
        <dt>Jurisdiction</dt>
        <dd>{jurisdiction}</dd>
        <dt>Verified signatures</dt>
        <dd>
          {verified.toLocaleString("en-US")} of a {statement.goal.toLocaleString("en-US")} goal
        </dd>
        {statement.deadline ? (
          <>
            <dt>Deadline</dt>
            <dd>{formatDate(locale, statement.deadline)}</dd>
          </>
        ) : null}
        <dt>Goes to</dt>
        <dd>
          {recipients.map((r) => `${r.name} (${OFFICE_LABELS[r.office]}${r.ward ? `, ${r.ward}` : ""})`).join("; ")}
        </dd>
      </dl>
      <div className="button-row" style={{ marginTop: "1rem" }}>
        <Link className="button secondary" to={`/organize/statements/${statement.id}/preview`}>
          See the text
        </Link>
        <Link className="button secondary" to={`/organize/statements/${statement.id}/delivery`}>
          Delivery to officials
        </Link>
        {canBeCopied(statement.state) ? (
          <Form method="post" className="inline-form">
            <CsrfInput />
            <button type="submit" name="intent" value="copy">
              Copy into a new draft
            </button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}

function DraftForm({ actionData }: { actionData?: DraftActionData }) {
  const { statement, jurisdictions, officials, values: saved } = useLoaderData<typeof loader>();
  const values = actionData?.values ?? saved;
  const errors = actionData?.errors ?? {};
  const reasons = values.preamble.length ? values.preamble : [""];
  const checked = new Set(values.officialIds);
  const changedJurisdiction = values.jurisdictionId !== String(statement.jurisdiction_id);
  return (
    // Remounted after every save, so fields show what was stored (such as a web address made from the title).
    // Remix renders an action's data before the loaders' fresh data, so the save's own time comes first:
    // otherwise the form would remount twice and lose what was typed in between.
    <Form method="post" noValidate key={actionData?.savedAt ?? new Date(statement.updated_at).getTime()} aria-label="Draft statement">
      {/* Enter in a text field presses the form's first button: make that "Save draft". */}
      <button type="submit" name="intent" value="save" className="visually-hidden" tabIndex={-1} aria-hidden="true">
        Save draft
      </button>
      <CsrfInput />
      <ErrorSummary errors={errors} labels={DRAFT_LABELS} />
      <section className="panel">
        <h2>The statement</h2>
        <TextField name="title" label="Title" defaultValue={values.title} error={errors.title} />
        <TextField
          name="slug"
          label="Web address"
          hint="Your statement's page will be /statements/ followed by this. Leave it empty to make it from the title."
          defaultValue={values.slug}
          error={errors.slug}
        />
        <TextArea name="summary" label="Summary" hint="One paragraph: what this is and why it matters." defaultValue={values.summary} error={errors.summary} rows={3} />
        <fieldset id="preamble" {...describedBy("preamble", { error: errors.preamble, hint: true })}>
          <legend>Reasons (“whereas”)</legend>
          <span className="hint" id={hintId("preamble")}>
            Each reason is a paragraph that begins “Whereas”. Empty a box to remove that reason.
          </span>
          {errors.preamble ? (
            <p className="field-error" id={errorId("preamble")}>
              {errors.preamble}
            </p>
          ) : null}
          {reasons.map((p, i) => {
            const name = `preamble-${i}`;
            return (
              <div className="field reason" key={i}>
                <label htmlFor={name}>Reason {i + 1}</label>
                {errors[name] ? (
                  <p className="field-error" id={errorId(name)}>
                    {errors[name]}
                  </p>
                ) : null}
                <textarea
                  id={name}
                  name="preamble"
                  rows={3}
                  defaultValue={p}
                  autoFocus={actionData?.focusReason === i}
                  {...describedBy(name, { error: errors[name] })}
                />
              </div>
            );
          })}
          <button type="submit" name="intent" value="addReason" className="secondary">
            Save and add another reason
          </button>
        </fieldset>
        <TextArea name="callToResidents" label="Call to residents" hint="What you ask everyone in the community to do." defaultValue={values.callToResidents} error={errors.callToResidents} />
        <TextArea name="askOfOfficials" label="Ask of officials" hint="What you ask the officials below to affirm or do." defaultValue={values.askOfOfficials} error={errors.askOfOfficials} />
        <TextArea name="pledge" label="Pledge" hint="In the first person: what each signer says, e.g. “I pledge…”." defaultValue={values.pledge} error={errors.pledge} rows={3} />
      </section>

      <section className="panel">
        <h2>Who it goes to</h2>
        <div className="field">
          <label htmlFor="jurisdictionId">City or town</label>
          <span className="hint" id={hintId("jurisdictionId")}>
            Changing it changes which officials you can choose: save to see them.
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
          <legend>Officials</legend>
          <span className="hint" id={hintId("officialIds")}>
            {changedJurisdiction ? "Save to see the officials of the city or town you chose." : "Tick everyone the statement is addressed to. They receive the signature packet."}
          </span>
          {errors.officialIds ? (
            <p className="field-error" id={errorId("officialIds")}>
              {errors.officialIds}
            </p>
          ) : null}
          {officials.length === 0 ? <p className="muted">This directory has no officials yet. A platform admin adds them.</p> : null}
          {groupByOffice(officials).map((group) => (
            <div key={group.office} className="officials-group">
              <h3>{group.label}</h3>
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
        <h2>Signatures and delivery</h2>
        <TextField name="goal" label="Signature goal" inputMode="numeric" defaultValue={values.goal} error={errors.goal} hint="How many verified signatures you are aiming for." />
        <TextField name="deadline" label="Deadline (optional)" type="date" defaultValue={values.deadline} error={errors.deadline} hint="The last day people can sign." />
        <label className="choice">
          <input type="checkbox" name="askWard" value="yes" defaultChecked={values.askWard} />
          <span>Ask signers which ward they live in (so officials see support by ward)</span>
        </label>
        <fieldset id="deliveryTrigger" {...describedBy("deliveryTrigger", { error: errors.deliveryTrigger })}>
          <legend>Deliver to officials</legend>
          {errors.deliveryTrigger ? (
            <p className="field-error" id={errorId("deliveryTrigger")}>
              {errors.deliveryTrigger}
            </p>
          ) : null}
          {(
            [
              ["manual", "When I choose to"],
              ["deadline", "Automatically on the deadline"],
              ["goal", "Automatically when it reaches the goal"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="choice">
              <input type="radio" name="deliveryTrigger" value={value} defaultChecked={values.deliveryTrigger === value} />
              <span>{label}</span>
            </label>
          ))}
        </fieldset>
        <label className="choice">
          <input type="checkbox" name="keepCollecting" value="yes" defaultChecked={values.keepCollecting} />
          <span>Keep collecting signatures after delivery</span>
        </label>
      </section>

      <div className="button-row">
        <button type="submit" name="intent" value="save" className="secondary">
          Save draft
        </button>
        <button type="submit" name="intent" value="preview" className="secondary">
          Save and preview
        </button>
        <button type="submit" name="intent" value="publish">
          Publish
        </button>
      </div>
      <p className="small muted">Once published, the text can no longer change. Check it in the preview first.</p>
    </Form>
  );
}

function Organizers({ actionData }: { actionData?: ActionData }) {
  const { organizers, userId } = useLoaderData<typeof loader>();
  const invite = actionData?.form === "invite" ? actionData : undefined;
  const removal = actionData?.form === "organizers" ? actionData : undefined;
  return (
    <section className="panel" aria-labelledby="organizers-title">
      <h2 id="organizers-title">Organizers</h2>
      {removal ? (
        <p className="field-error" role="alert">
          {removal.error}
        </p>
      ) : null}
      <ul className="signers">
        {organizers.map((o) => (
          <li key={o.id} className="button-row" style={{ justifyContent: "space-between" }}>
            <span>
              {o.email} <span className="muted small">{o.role === "owner" ? "owner" : "co-organizer"}</span>
            </span>
            {o.role === "co_organizer" ? (
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="userId" value={o.id} />
                <button type="submit" name="intent" value="removeOrganizer" className="link-button">
                  {o.id === userId ? "Leave" : `Remove ${o.email}`}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <Form method="post" noValidate style={{ marginTop: "1rem" }}>
        <CsrfInput />
        <TextField
          name="email"
          type="email"
          label="Invite a co-organizer"
          hint="They can see and manage this statement. We email them a link to sign in."
          defaultValue={invite?.values.email}
          error={invite?.errors.email}
        />
        <button type="submit" name="intent" value="invite" className="secondary">
          Invite
        </button>
      </Form>
    </section>
  );
}
