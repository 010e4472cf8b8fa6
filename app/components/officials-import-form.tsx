import { Form } from "@remix-run/react";
import { CsrfInput, TextArea } from "~/components/form";
import { useT } from "~/i18n/use-t";
import { CSV_COLUMNS, type CsvRowError } from "~/officials/officials";
import { OFFICES } from "../../db/states";

/** An admin imports a jurisdiction's officials from a CSV file or pasted text; every row's problem is listed. */
export function OfficialsImportForm({
  jurisdictionId,
  importForm,
}: {
  jurisdictionId: number;
  /** The refused import: its problems, and the pasted text to correct. */
  importForm?: { rowErrors: CsvRowError[]; values: { csv: string } };
}) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title">{t("import.title")}</h2>
      <p className="small">
        {t("import.columns")} <code>{CSV_COLUMNS.join(",")}</code>. {t("import.help", { offices: OFFICES.join(", ") })}
      </p>
      {importForm ? (
        <div className="error-summary" role="alert" id="import-errors">
          <h3>{t("import.failed")}</h3>
          <ul>
            {importForm.rowErrors.map((e, i) => (
              <li key={i}>{t("import.row", { row: e.row, problem: `${e.column ? `${e.column}: ` : ""}${t(e.message, e.vars)}` })}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data">
        <CsrfInput />
        <input type="hidden" name="jurisdictionId" value={jurisdictionId} />
        <div className="field">
          <label htmlFor="file">{t("import.file")}</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" />
        </div>
        <TextArea name="csv" label={t("import.paste")} defaultValue={importForm?.values.csv} rows={6} />
        <button type="submit" name="intent" value="import">
          {t("import.button")}
        </button>
      </Form>
    </section>
  );
}
