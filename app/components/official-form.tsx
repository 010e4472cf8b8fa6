import { Form, Link } from "@remix-run/react";
import { CsrfInput, ErrorSummary, SelectField, TextField, type FieldErrors } from "~/components/form";
import { useT } from "~/i18n/use-t";
import "~/i18n/organizer-messages";
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
        <SelectField
          name="office"
          label={t("directory.office")}
          placeholder={t("form.choose")}
          options={OFFICES.map((o) => ({ id: o, name: t(`office.${o}`) }))}
          defaultValue={current?.office}
          error={errors?.office}
        />
        <SelectField
          name="wardId"
          label={t("directory.ward")}
          placeholder={t("directory.noWard")}
          options={wards}
          defaultValue={current?.wardId}
          error={errors?.wardId}
        />
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
