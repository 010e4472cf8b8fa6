import { Form } from "@remix-run/react";
import { CsrfInput, describedBy, ErrorSummary, FieldError, hintId, SelectField, TextArea, TextField } from "~/components/form";
import { checkedKey } from "~/i18n/core";
import { useT } from "~/i18n/use-t";
import "~/i18n/organizer-messages";
import { groupByOffice } from "~/officials/office-rank";
import { DRAFT_LABELS, DRAFT_MESSAGE_VARS, type DraftFormValues } from "~/statements/draft-form";
import type { Office } from "../../db/states";

/** What a draft intent answers when the form is shown again: field errors (catalog keys) and the values to keep. */
export type DraftActionData = { form: "draft"; errors: Record<string, string>; values: DraftFormValues; focusReason?: number; savedAt?: number };

/** The organizer's draft: its words, translation, recipients and delivery settings, with Save, Preview and Publish. */
export function DraftForm({
  statement,
  jurisdictions,
  officials,
  saved,
  actionData,
}: {
  statement: { jurisdiction_id: number; updated_at: Date | string };
  jurisdictions: { id: number; name: string }[];
  officials: { id: number; name: string; office: Office; ward: string | null }[];
  /** The values as stored, shown until a submission brings its own. */
  saved: DraftFormValues;
  actionData?: DraftActionData;
}) {
  const t = useT();
  const values = actionData?.values ?? saved;
  // The domain's messages are catalog keys.
  const errors: Record<string, string> = Object.fromEntries(Object.entries(actionData?.errors ?? {}).map(([k, v]) => [k, t(checkedKey(v), DRAFT_MESSAGE_VARS)]));
  const labels = Object.fromEntries(Object.entries(DRAFT_LABELS).map(([k, v]) => [k, t(checkedKey(v))]));
  const reasons = values.preamble.length ? values.preamble : [""];
  const checked = new Set(values.officialIds);
  const changedJurisdiction = values.jurisdictionId !== String(statement.jurisdiction_id);
  const hasTranslation = [values.titleEs, values.summaryEs, values.callToResidentsEs, values.askOfOfficialsEs, values.pledgeEs, ...values.preambleEs].some((v) => v.trim());
  const reasonBox = (field: "preamble" | "preambleEs", i: number, value: string) => {
    const name = `${field}-${i}`;
    return (
      <div className="field reason" key={name}>
        <label htmlFor={name}>{t(field === "preamble" ? "draft.reason" : "draft.reasonEs", { n: i + 1 })}</label>
        <FieldError name={name} error={errors[name]} />
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
          <FieldError name="preamble" error={errors.preamble} />
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
            <FieldError name="preambleEs" error={errors.preambleEs} />
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
        <SelectField
          name="jurisdictionId"
          label={t("draft.jurisdiction")}
          hint={t("draft.jurisdictionHint")}
          options={jurisdictions}
          defaultValue={values.jurisdictionId}
          error={errors.jurisdictionId}
        />
        <fieldset id="officialIds" {...describedBy("officialIds", { error: errors.officialIds, hint: true })}>
          <legend>{t("draft.officials")}</legend>
          <span className="hint" id={hintId("officialIds")}>
            {t(changedJurisdiction ? "draft.officialsSave" : "draft.officialsHint")}
          </span>
          <FieldError name="officialIds" error={errors.officialIds} />
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
          <FieldError name="deliveryTrigger" error={errors.deliveryTrigger} />
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
