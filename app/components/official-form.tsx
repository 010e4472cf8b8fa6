import { Form, Link } from "@remix-run/react";
import { CsrfInput, describedBy, ErrorSummary, errorId, TextField, type FieldErrors } from "~/components/form";
import { useT } from "~/i18n/use-t";
import { OFFICES } from "../../db/states";

export type OfficialFormValues = { name: string; office: string; wardId: string; email: string };

/** An admin adds an official to a jurisdiction's directory, or edits one (`editing`). */
export function OfficialForm({
  jurisdictionId,
  wards,
  editing,
  current,
  errors,
}: {
  jurisdictionId: number;
  wards: { id: number; name: string }[];
  editing: { id: number; name: string } | null;
  /** What the fields show: the submitted values, else the official being edited. */
  current?: OfficialFormValues;
  /** Translated messages by field. */
  errors?: FieldErrors;
}) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="official-form-title" id="official-form">
      <h2 id="official-form-title">{editing ? t("directory.editing", { name: editing.name }) : t("directory.add")}</h2>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate key={editing?.id ?? "new"}>
        <CsrfInput />
        <input type="hidden" name="jurisdictionId" value={jurisdictionId} />
        {editing ? <input type="hidden" name="officialId" value={editing.id} /> : null}
        <TextField name="name" label={t("directory.name")} defaultValue={current?.name} error={errors?.name} />
        <div className="field">
          <label htmlFor="office">{t("directory.office")}</label>
          {errors?.office ? (
            <p className="field-error" id={errorId("office")}>
              {errors.office}
            </p>
          ) : null}
          <select id="office" name="office" defaultValue={current?.office ?? ""} {...describedBy("office", { error: errors?.office })}>
            <option value="">{t("form.choose")}</option>
            {OFFICES.map((o) => (
              <option key={o} value={o}>
                {t(`office.${o}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="wardId">{t("directory.ward")}</label>
          {errors?.wardId ? (
            <p className="field-error" id={errorId("wardId")}>
              {errors.wardId}
            </p>
          ) : null}
          <select id="wardId" name="wardId" defaultValue={current?.wardId ?? ""} {...describedBy("wardId", { error: errors?.wardId })}>
            <option value="">{t("directory.noWard")}</option>
            {wards.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </div>
        <TextField name="email" type="email" label={t("login.email")} hint={t("directory.emailHint")} defaultValue={current?.email} error={errors?.email} />
        <div className="button-row">
          <button type="submit" name="intent" value={editing ? "editOfficial" : "addOfficial"}>
            {t(editing ? "directory.save" : "directory.addButton")}
          </button>
          {editing ? <Link to={`/admin/officials?j=${jurisdictionId}`}>{t("directory.cancel")}</Link> : null}
        </div>
      </Form>
    </section>
  );
}
