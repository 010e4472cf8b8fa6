import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput, describedBy, ErrorSummary, FieldError, fieldErrors, SelectField } from "~/components/form";
import { PagePanel } from "~/components/page-panel";
import { checkedKey } from "~/i18n/core";
import { metaTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import "~/i18n/organizer-messages";
import { assertCsrf, requireUser } from "~/http/guards.server";
import { listJurisdictions } from "~/officials/officials.server";
import { newStatementSchema } from "~/statements/draft-input.server";
import { createDraft } from "~/statements/drafts.server";
import { TEMPLATES } from "~/statements/templates";

export const handle = { private: true };

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "new.title")];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return {
    jurisdictions: await listJurisdictions(),
    templates: TEMPLATES.map(({ id }) => ({ id })),
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
  if (result.status === "invalid") return { errors: result.errors, values };
  return redirect(`/organize/statements/${result.statement.id}`);
}

export default function NewStatement() {
  const { jurisdictions, templates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  // Messages are catalog keys.
  const errors = Object.fromEntries(Object.entries(actionData?.errors ?? {}).map(([k, v]) => [k, v && t(checkedKey(v))]));
  const chosenTemplate = actionData?.values.template || templates[0].id;
  const chosenJurisdiction = actionData?.values.jurisdictionId ?? (jurisdictions.length === 1 ? String(jurisdictions[0].id) : "");
  if (jurisdictions.length === 0) {
    return (
      <PagePanel narrow title={t("new.title")} intro={t("new.noPlaces")} link={{ to: "/organize", label: t("manage.back") }} />
    );
  }
  return (
    <PagePanel title={t("new.title")} intro={t("new.intro")}>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <CsrfInput />
        <fieldset id="template" {...describedBy("template", { error: errors.template })}>
          <legend>{t("new.template")}</legend>
          <FieldError name="template" error={errors.template} />
          {templates.map((tpl) => (
            <label key={tpl.id} className="choice">
              <input type="radio" name="template" value={tpl.id} defaultChecked={tpl.id === chosenTemplate} />
              <span>
                <strong>{t(`template.${tpl.id}.name`)}</strong>
                <span className="hint">{t(`template.${tpl.id}.description`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <SelectField
          name="jurisdictionId"
          label={t("draft.jurisdiction")}
          placeholder={t("form.choose")}
          options={jurisdictions}
          defaultValue={chosenJurisdiction}
          error={errors.jurisdictionId}
        />
        <button type="submit">{t("new.submit")}</button>
      </Form>
    </PagePanel>
  );
}
