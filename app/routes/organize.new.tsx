import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput, describedBy, ErrorSummary, errorId, fieldErrors } from "~/components/form";
import { assertCsrf, requireUser } from "~/models/auth.server";
import { listJurisdictions } from "~/models/official.server";
import { newStatementSchema } from "~/models/statement";
import { createDraft } from "~/models/statement.server";
import { TEMPLATES } from "~/models/templates";

export const meta: MetaFunction = () => [{ title: "Start a statement — Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return {
    jurisdictions: await listJurisdictions(),
    templates: TEMPLATES.map(({ id, name, description }) => ({ id, name, description })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  assertCsrf(user, form);
  const values = { template: String(form.get("template") ?? ""), jurisdictionId: String(form.get("jurisdictionId") ?? "") };
  const parsed = newStatementSchema.safeParse(values);
  if (!parsed.success) return { errors: fieldErrors(parsed.error.issues), values };
  const result = await createDraft({ userId: user.id, templateId: parsed.data.template, jurisdictionId: parsed.data.jurisdictionId });
  if (!result.ok) return { errors: result.errors, values };
  return redirect(`/organize/statements/${result.statement.id}`);
}

export default function NewStatement() {
  const { jurisdictions, templates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? {};
  const chosenTemplate = actionData?.values.template || templates[0].id;
  const chosenJurisdiction = actionData?.values.jurisdictionId ?? (jurisdictions.length === 1 ? String(jurisdictions[0].id) : "");
  if (jurisdictions.length === 0) {
    return (
      <section className="panel narrow">
        <h1>Start a statement</h1>
        <p>No city or town has been set up yet. A platform admin adds them, with their officials, in the officials directory.</p>
        <p>
          <Link to="/organize">Back to my statements</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="panel">
      <h1>Start a statement</h1>
      <p>Pick a template to start from. Everything in it stays editable, and nobody sees your draft until you publish it.</p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <CsrfInput />
        <fieldset id="template" {...describedBy("template", { error: errors.template })}>
          <legend>Template</legend>
          {errors.template ? (
            <p className="field-error" id={errorId("template")}>
              {errors.template}
            </p>
          ) : null}
          {templates.map((t) => (
            <label key={t.id} className="choice">
              <input type="radio" name="template" value={t.id} defaultChecked={t.id === chosenTemplate} />
              <span>
                <strong>{t.name}</strong>
                <span className="hint">{t.description}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="jurisdictionId">City or town</label>
          {errors.jurisdictionId ? (
            <p className="field-error" id={errorId("jurisdictionId")}>
              {errors.jurisdictionId}
            </p>
          ) : null}
          <select id="jurisdictionId" name="jurisdictionId" defaultValue={chosenJurisdiction} {...describedBy("jurisdictionId", { error: errors.jurisdictionId })}>
            <option value="">Choose…</option>
            {jurisdictions.map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Create the draft</button>
      </Form>
    </section>
  );
}
