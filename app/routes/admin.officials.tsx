import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput, ErrorSummary, fieldErrors, TextArea, TextField, type FieldErrors } from "~/components/form";
import { OfficialForm } from "~/components/official-form";
import { OfficialsImportForm } from "~/components/officials-import-form";
import { ScrollTable } from "~/components/table-scroll";
import { checkedKey } from "~/i18n/core";
import { metaTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import "~/i18n/organizer-messages";
import "~/i18n/campaign-messages";
import { assertCsrf, requireAdmin } from "~/http/guards.server";
import { formText, handlerFor } from "~/http/intents.server";
import { jurisdictionSchema, officialSchema } from "~/officials/officials-input.server";
import type { CsvRowError } from "~/officials/officials-csv";
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

export const handle = { private: true };

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

const officialId = (form: FormData) => {
  const n = Number(formText(form, "officialId"));
  return isId(n) ? n : null;
};

type ActionData =
  | { form: "jurisdiction"; errors: FieldErrors; values: { name: string; wards: string } }
  | { form: "official"; errors: FieldErrors; values: { name: string; office: string; wardId: string; email: string } }
  | { form: "restore"; errors: { form: string } }
  | { form: "import"; rowErrors: CsvRowError[]; values: { csv: string } };
type Redirect = ReturnType<typeof redirect>;
type Handler = (form: FormData) => Promise<ActionData | Redirect>;
type DirectoryHandler = (args: { form: FormData; jurisdictionId: number; back: (notice: string, extra?: string) => Redirect }) => Promise<ActionData | Redirect>;

/** Every intent but adding a city works inside one: its id comes with the form. */
const inJurisdiction =
  (handler: DirectoryHandler): Handler =>
  async (form) => {
    const n = Number(formText(form, "jurisdictionId"));
    if (!isId(n)) throw new Response("Choose a jurisdiction", { status: 400 });
    const back = (notice: string, extra = "") => redirect(`/admin/officials?j=${n}&notice=${notice}${extra}`);
    return handler({ form, jurisdictionId: n, back });
  };

const addJurisdiction: Handler = async (form) => {
  const values = { name: formText(form, "jurisdictionName"), wards: formText(form, "wards") };
  const parsed = jurisdictionSchema.safeParse(values);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error.issues);
    return { form: "jurisdiction", errors: { jurisdictionName: errors.name, wards: errors.wards }, values };
  }
  const j = await createJurisdiction(parsed.data);
  return redirect(`/admin/officials?j=${j.id}&notice=jurisdiction`);
};

const officialValues = (form: FormData) => ({ name: formText(form, "name"), office: formText(form, "office"), wardId: formText(form, "wardId"), email: formText(form, "email") });

const addOfficialIntent = inJurisdiction(async ({ form, jurisdictionId, back }) => {
  const values = officialValues(form);
  const parsed = officialSchema.safeParse(values);
  if (!parsed.success) return { form: "official", errors: fieldErrors(parsed.error.issues), values };
  const result = await addOfficial({ jurisdictionId, official: parsed.data });
  if (result.status === "invalid") return { form: "official", errors: result.errors, values };
  return back("added");
});

const editOfficial = inJurisdiction(async ({ form, back }) => {
  const values = officialValues(form);
  const parsed = officialSchema.safeParse(values);
  if (!parsed.success) return { form: "official", errors: fieldErrors(parsed.error.issues), values };
  const id = officialId(form);
  if (!id) throw new Response("Choose an official", { status: 400 });
  const result = await updateOfficial({ id, official: parsed.data });
  if (result.status === "invalid") return { form: "official", errors: result.errors, values };
  return back("updated");
});

const retire = inJurisdiction(async ({ form, back }) => {
  const id = officialId(form);
  if (!id) throw new Response("Choose an official", { status: 400 });
  await retireOfficial({ id });
  return back("retired");
});

const restore = inJurisdiction(async ({ form, back }) => {
  const id = officialId(form);
  if (!id) throw new Response("Choose an official", { status: 400 });
  const result = await restoreOfficial({ id });
  if (result.status === "invalid") return { form: "restore", errors: { form: result.errors.email ?? "official.error.restore" } };
  return back("restored");
});

const importIntent = inJurisdiction(async ({ form, jurisdictionId, back }) => {
  // An uploaded file wins over pasted text; a pasted text is kept for another try, a file is not.
  const file = form.get("file");
  const uploaded = file && typeof file === "object" && file.size > 0 ? await file.text() : "";
  const csv = uploaded || formText(form, "csv");
  const result = await importOfficials({ jurisdictionId, csv });
  if (result.status === "invalid") return { form: "import", rowErrors: result.errors, values: { csv: uploaded ? "" : csv } };
  return back("imported", `&added=${result.added}&updated=${result.updated}`);
});

const intents = {
  addJurisdiction,
  addOfficial: addOfficialIntent,
  editOfficial,
  retire,
  restore,
  import: importIntent,
} satisfies Record<string, Handler>;

export async function action({ request }: ActionFunctionArgs): Promise<ActionData | Redirect> {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  assertCsrf(admin, form);
  return handlerFor(form, intents)(form);
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
              <ScrollTable
                label={jurisdiction.name}
                columns={[
                  { label: t("directory.name") },
                  { label: t("directory.office") },
                  { label: t("dashboard.ward") },
                  { label: t("directory.email") },
                  { label: t("directory.status") },
                  { label: t("directory.actions"), hidden: true },
                ]}
              >
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
              </ScrollTable>
            )}
          </section>

          <OfficialForm jurisdictionId={jurisdiction.id} wards={wards} editing={editing} current={current} errors={officialForm?.errors} />

          <OfficialsImportForm jurisdictionId={jurisdiction.id} importForm={importForm} />
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
