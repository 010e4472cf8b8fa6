import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput, describedBy, ErrorSummary, errorId, fieldErrors, TextArea, TextField, type FieldErrors } from "~/components/form";
import { TableScroll } from "~/components/table-scroll";
import { checkedKey } from "~/i18n/core";
import { metaTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import "~/i18n/organizer-messages";
import "~/i18n/campaign-messages";
import { assertCsrf, requireAdmin } from "~/organizers/auth.server";
import { CSV_COLUMNS, jurisdictionSchema, officialSchema } from "~/officials/officials";
import {
  addOfficial,
  createJurisdiction,
  importOfficials,
  listJurisdictions,
  listOfficials,
  listWards,
  restoreOfficial,
  retireOfficial,
  updateOfficial,
} from "~/officials/officials.server";
import { isId } from "~/utils/ids";
import { OFFICES } from "../../db/states";

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "directory.title")];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const jurisdictions = await listJurisdictions();
  const chosen = jurisdictions.find((j) => String(j.id) === url.searchParams.get("j")) ?? jurisdictions[0];
  if (!chosen) return { jurisdictions, jurisdiction: null, wards: [], officials: [], editing: null };
  const [wards, officials] = await Promise.all([
    listWards({ jurisdictionId: chosen.id }),
    listOfficials({ jurisdictionId: chosen.id, includeRetired: true }),
  ]);
  const editing = officials.find((o) => String(o.id) === url.searchParams.get("edit")) ?? null;
  return { jurisdictions, jurisdiction: chosen, wards, officials, editing };
}

const str = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};
const id = (form: FormData, name: string) => {
  const n = Number(str(form, name));
  return isId(n) ? n : null;
};

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  assertCsrf(admin, form);
  const intent = str(form, "intent");
  const jurisdictionId = id(form, "jurisdictionId");
  const back = (notice: string, extra = "") => redirect(`/admin/officials?j=${jurisdictionId ?? ""}&notice=${notice}${extra}`);

  if (intent === "addJurisdiction") {
    const values = { name: str(form, "jurisdictionName"), wards: str(form, "wards") };
    const parsed = jurisdictionSchema.safeParse(values);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error.issues);
      return { form: "jurisdiction" as const, errors: { jurisdictionName: errors.name, wards: errors.wards }, values };
    }
    const j = await createJurisdiction(parsed.data);
    return redirect(`/admin/officials?j=${j.id}&notice=jurisdiction`);
  }

  if (!jurisdictionId) throw new Response("Choose a jurisdiction", { status: 400 });

  if (intent === "addOfficial" || intent === "editOfficial") {
    const values = { name: str(form, "name"), office: str(form, "office"), wardId: str(form, "wardId"), email: str(form, "email") };
    const parsed = officialSchema.safeParse(values);
    if (!parsed.success) return { form: "official" as const, errors: fieldErrors(parsed.error.issues), values };
    const officialId = id(form, "officialId");
    if (intent === "editOfficial" && !officialId) throw new Response("Choose an official", { status: 400 });
    const result =
      intent === "addOfficial"
        ? await addOfficial({ jurisdictionId, official: parsed.data })
        : await updateOfficial({ id: officialId!, official: parsed.data });
    if (!result.ok) return { form: "official" as const, errors: result.errors as Record<string, string | undefined>, values };
    return back(intent === "addOfficial" ? "added" : "updated");
  }

  if (intent === "retire" || intent === "restore") {
    const officialId = id(form, "officialId");
    if (!officialId) throw new Response("Choose an official", { status: 400 });
    if (intent === "retire") {
      await retireOfficial({ id: officialId });
      return back("retired");
    }
    const result = await restoreOfficial({ id: officialId });
    if (!result.ok) return { form: "restore" as const, errors: { form: result.errors.email ?? "official.error.restore" }, values: {} };
    return back("restored");
  }

  if (intent === "import") {
    const file = form.get("file");
    const uploaded = file && typeof file === "object" && file.size > 0 ? await file.text() : "";
    const csv = uploaded || str(form, "csv");
    const result = await importOfficials({ jurisdictionId, csv });
    if (!result.ok) return { form: "import" as const, rowErrors: result.errors, values: { csv: uploaded ? "" : csv } };
    return back("imported", `&added=${result.added}&updated=${result.updated}`);
  }

  throw new Response("Unknown action", { status: 400 });
}

const NOTICES = ["jurisdiction", "added", "updated", "retired", "restored"];

export default function OfficialsDirectory() {
  const { jurisdictions, jurisdiction, wards, officials, editing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  // The domain's messages are catalog keys.
  const shown = (errors: FieldErrors | undefined) => Object.fromEntries(Object.entries(errors ?? {}).map(([k, v]) => [k, v && t(checkedKey(v))]));
  const notice = params.get("notice");
  const noticeText =
    notice === "imported"
      ? t("directory.notice.imported", { added: Number(params.get("added")) || 0, updated: Number(params.get("updated")) || 0 })
      : notice && NOTICES.includes(notice)
        ? t(checkedKey(`directory.notice.${notice}`))
        : undefined;
  const officialForm = actionData?.form === "official" ? { ...actionData, errors: shown(actionData.errors) } : undefined;
  const importForm = actionData?.form === "import" ? actionData : undefined;
  const jurisdictionForm = actionData?.form === "jurisdiction" ? { ...actionData, errors: shown(actionData.errors) } : undefined;
  const restoreForm = actionData?.form === "restore" ? actionData : undefined;
  const current = officialForm?.values ?? (editing ? { name: editing.name, office: editing.office, wardId: editing.ward_id ? String(editing.ward_id) : "", email: editing.email } : undefined);

  return (
    <>
      <p className="small">
        <Link to="/organize">← {t("my.title")}</Link>
      </p>
      <h1>{t("directory.title")}</h1>
      {noticeText && !actionData ? (
        <p className="notice" role="status">
          {noticeText}
        </p>
      ) : null}
      {restoreForm ? (
        <p className="field-error" role="alert">
          {t(checkedKey(restoreForm.errors.form))}
        </p>
      ) : null}

      {jurisdictions.length > 0 ? (
        <Form method="get" className="button-row panel place-picker">
          <label htmlFor="j">{t("draft.jurisdiction")}</label>
          <select id="j" name="j" defaultValue={jurisdiction?.id}>
            {jurisdictions.map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </select>
          <button type="submit" className="secondary">
            {t("directory.show")}
          </button>
        </Form>
      ) : null}

      {jurisdiction ? (
        <>
          <section className="panel" aria-labelledby="officials-title">
            <h2 id="officials-title">{jurisdiction.name}</h2>
            {officials.length === 0 ? (
              <p>{t("directory.none")}</p>
            ) : (
              <TableScroll label={jurisdiction.name}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("directory.name")}</th>
                      <th scope="col">{t("directory.office")}</th>
                      <th scope="col">{t("dashboard.ward")}</th>
                      <th scope="col">{t("directory.email")}</th>
                      <th scope="col">{t("directory.status")}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t("directory.actions")}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {officials.map((o) => (
                      <tr key={o.id}>
                        <td>{o.name}</td>
                        <td>{t(`office.${o.office}`)}</td>
                        <td>{o.ward ?? "—"}</td>
                        <td>{o.email}</td>
                        <td>{t(o.retired_at ? "directory.retired" : "directory.active")}</td>
                        <td className="row-actions">
                          <Link to={`/admin/officials?j=${jurisdiction.id}&edit=${o.id}#official-form`}>
                            {t("directory.edit")}
                            <span className="visually-hidden"> {o.name}</span>
                          </Link>
                          <Form method="post" className="inline-form">
                            <CsrfInput />
                            <input type="hidden" name="jurisdictionId" value={jurisdiction.id} />
                            <input type="hidden" name="officialId" value={o.id} />
                            <button type="submit" name="intent" value={o.retired_at ? "restore" : "retire"} className="link-button">
                              {t(o.retired_at ? "directory.restore" : "directory.retire")}
                              <span className="visually-hidden"> {o.name}</span>
                            </button>
                          </Form>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </section>

          <section className="panel" aria-labelledby="official-form-title" id="official-form">
            <h2 id="official-form-title">{editing ? t("directory.editing", { name: editing.name }) : t("directory.add")}</h2>
            <ErrorSummary errors={officialForm?.errors} />
            <Form method="post" noValidate key={editing?.id ?? "new"}>
              <CsrfInput />
              <input type="hidden" name="jurisdictionId" value={jurisdiction.id} />
              {editing ? <input type="hidden" name="officialId" value={editing.id} /> : null}
              <TextField name="name" label={t("directory.name")} defaultValue={current?.name} error={officialForm?.errors.name} />
              <div className="field">
                <label htmlFor="office">{t("directory.office")}</label>
                {officialForm?.errors.office ? (
                  <p className="field-error" id={errorId("office")}>
                    {officialForm.errors.office}
                  </p>
                ) : null}
                <select id="office" name="office" defaultValue={current?.office ?? ""} {...describedBy("office", { error: officialForm?.errors.office })}>
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
                {officialForm?.errors.wardId ? (
                  <p className="field-error" id={errorId("wardId")}>
                    {officialForm.errors.wardId}
                  </p>
                ) : null}
                <select id="wardId" name="wardId" defaultValue={current?.wardId ?? ""} {...describedBy("wardId", { error: officialForm?.errors.wardId })}>
                  <option value="">{t("directory.noWard")}</option>
                  {wards.map((w) => (
                    <option key={w.id} value={w.id}>
                      {w.name}
                    </option>
                  ))}
                </select>
              </div>
              <TextField name="email" type="email" label={t("login.email")} hint={t("directory.emailHint")} defaultValue={current?.email} error={officialForm?.errors.email} />
              <div className="button-row">
                <button type="submit" name="intent" value={editing ? "editOfficial" : "addOfficial"}>
                  {t(editing ? "directory.save" : "directory.addButton")}
                </button>
                {editing ? <Link to={`/admin/officials?j=${jurisdiction.id}`}>{t("directory.cancel")}</Link> : null}
              </div>
            </Form>
          </section>

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
                    <li key={i}>{t("import.row", { row: e.row, problem: `${e.column ? `${e.column}: ` : ""}${t(checkedKey(e.message), e.vars)}` })}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            <Form method="post" encType="multipart/form-data">
              <CsrfInput />
              <input type="hidden" name="jurisdictionId" value={jurisdiction.id} />
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
        </>
      ) : null}

      <section className="panel" aria-labelledby="jurisdiction-title">
        <h2 id="jurisdiction-title">{t("jurisdiction.add")}</h2>
        <ErrorSummary errors={jurisdictionForm?.errors} />
        <Form method="post" noValidate>
          <CsrfInput />
          <TextField name="jurisdictionName" label={t("directory.name")} hint={t("jurisdiction.nameHint")} defaultValue={jurisdictionForm?.values.name} error={jurisdictionForm?.errors.jurisdictionName} />
          <TextArea name="wards" label={t("jurisdiction.wards")} hint={t("jurisdiction.wardsHint")} defaultValue={jurisdictionForm?.values.wards} error={jurisdictionForm?.errors.wards} />
          <button type="submit" name="intent" value="addJurisdiction" className="secondary">
            {t("jurisdiction.addButton")}
          </button>
        </Form>
      </section>
    </>
  );
}
