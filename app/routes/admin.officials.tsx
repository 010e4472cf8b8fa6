import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfInput, describedBy, ErrorSummary, errorId, fieldErrors, TextArea, TextField } from "~/components/form";
import { assertCsrf, requireAdmin } from "~/models/auth.server";
import { CSV_COLUMNS, jurisdictionSchema, OFFICE_LABELS, officialSchema } from "~/models/official";
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
} from "~/models/official.server";
import { isId } from "~/models/ids";
import { OFFICES } from "~/models/states";

export const meta: MetaFunction = () => [{ title: "Officials directory — Undersigned" }];

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
    if (!result.ok) return { form: "restore" as const, errors: { form: result.errors.email ?? "Could not restore" }, values: {} };
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

const NOTICES: Record<string, string> = {
  jurisdiction: "Jurisdiction added. Now add its officials.",
  added: "Official added.",
  updated: "Official updated.",
  retired: "Official retired: organizers can no longer choose them. Statements already addressed to them keep them.",
  restored: "Official restored.",
};

export default function OfficialsDirectory() {
  const { jurisdictions, jurisdiction, wards, officials, editing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = params.get("notice");
  const noticeText =
    notice === "imported" ? `Imported: ${params.get("added") ?? 0} added, ${params.get("updated") ?? 0} updated.` : notice ? NOTICES[notice] : undefined;
  const officialForm = actionData?.form === "official" ? actionData : undefined;
  const importForm = actionData?.form === "import" ? actionData : undefined;
  const jurisdictionForm = actionData?.form === "jurisdiction" ? actionData : undefined;
  const restoreForm = actionData?.form === "restore" ? actionData : undefined;
  const current = officialForm?.values ?? (editing ? { name: editing.name, office: editing.office, wardId: editing.ward_id ? String(editing.ward_id) : "", email: editing.email } : undefined);

  return (
    <>
      <p className="small">
        <Link to="/organize">← My statements</Link>
      </p>
      <h1>Officials directory</h1>
      {noticeText && !actionData ? (
        <p className="notice" role="status">
          {noticeText}
        </p>
      ) : null}
      {restoreForm ? (
        <p className="field-error" role="alert">
          {restoreForm.errors.form}
        </p>
      ) : null}

      {jurisdictions.length > 0 ? (
        <Form method="get" className="button-row panel">
          <label htmlFor="j" style={{ margin: 0 }}>
            Jurisdiction
          </label>
          <select id="j" name="j" defaultValue={jurisdiction?.id} style={{ width: "auto" }}>
            {jurisdictions.map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </select>
          <button type="submit" className="secondary">
            Show
          </button>
        </Form>
      ) : null}

      {jurisdiction ? (
        <>
          <section className="panel" aria-labelledby="officials-title">
            <h2 id="officials-title">{jurisdiction.name}</h2>
            {officials.length === 0 ? (
              <p>No officials yet. Add them one by one below, or import a CSV file.</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Office</th>
                      <th scope="col">Ward</th>
                      <th scope="col">Email</th>
                      <th scope="col">Status</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {officials.map((o) => (
                      <tr key={o.id}>
                        <td>{o.name}</td>
                        <td>{OFFICE_LABELS[o.office]}</td>
                        <td>{o.ward ?? "—"}</td>
                        <td>{o.email}</td>
                        <td>{o.retired_at ? "Retired" : "Active"}</td>
                        <td className="button-row">
                          <Link to={`/admin/officials?j=${jurisdiction.id}&edit=${o.id}#official-form`}>
                            Edit<span className="visually-hidden"> {o.name}</span>
                          </Link>
                          <Form method="post" className="inline-form">
                            <CsrfInput />
                            <input type="hidden" name="jurisdictionId" value={jurisdiction.id} />
                            <input type="hidden" name="officialId" value={o.id} />
                            <button type="submit" name="intent" value={o.retired_at ? "restore" : "retire"} className="link-button">
                              {o.retired_at ? "Restore" : "Retire"}
                              <span className="visually-hidden"> {o.name}</span>
                            </button>
                          </Form>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section className="panel" aria-labelledby="official-form-title" id="official-form">
            <h2 id="official-form-title">{editing ? `Edit ${editing.name}` : "Add an official"}</h2>
            <ErrorSummary errors={officialForm?.errors} />
            <Form method="post" noValidate key={editing?.id ?? "new"}>
              <CsrfInput />
              <input type="hidden" name="jurisdictionId" value={jurisdiction.id} />
              {editing ? <input type="hidden" name="officialId" value={editing.id} /> : null}
              <TextField name="name" label="Name" defaultValue={current?.name} error={officialForm?.errors.name} />
              <div className="field">
                <label htmlFor="office">Office</label>
                {officialForm?.errors.office ? (
                  <p className="field-error" id={errorId("office")}>
                    {officialForm.errors.office}
                  </p>
                ) : null}
                <select id="office" name="office" defaultValue={current?.office ?? ""} {...describedBy("office", { error: officialForm?.errors.office })}>
                  <option value="">Choose…</option>
                  {OFFICES.map((o) => (
                    <option key={o} value={o}>
                      {OFFICE_LABELS[o]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="wardId">Ward (ward councilors only)</label>
                {officialForm?.errors.wardId ? (
                  <p className="field-error" id={errorId("wardId")}>
                    {officialForm.errors.wardId}
                  </p>
                ) : null}
                <select id="wardId" name="wardId" defaultValue={current?.wardId ?? ""} {...describedBy("wardId", { error: officialForm?.errors.wardId })}>
                  <option value="">None (at large)</option>
                  {wards.map((w) => (
                    <option key={w.id} value={w.id}>
                      {w.name}
                    </option>
                  ))}
                </select>
              </div>
              <TextField name="email" type="email" label="Email address" hint="Where the signature packet is delivered." defaultValue={current?.email} error={officialForm?.errors.email} />
              <div className="button-row">
                <button type="submit" name="intent" value={editing ? "editOfficial" : "addOfficial"}>
                  {editing ? "Save changes" : "Add official"}
                </button>
                {editing ? <Link to={`/admin/officials?j=${jurisdiction.id}`}>Cancel</Link> : null}
              </div>
            </Form>
          </section>

          <section className="panel" aria-labelledby="import-title">
            <h2 id="import-title">Import from CSV</h2>
            <p className="small">
              The first row names the columns: <code>{CSV_COLUMNS.join(",")}</code>. Office is one of{" "}
              {Object.values(OFFICE_LABELS).join(", ")}; ward is the ward's name (ward councilors only). An address already in
              the directory updates that official. If any row has a problem, nothing is imported and every problem is listed.
            </p>
            {importForm ? (
              <div className="error-summary" role="alert" id="import-errors">
                <h3 style={{ marginTop: 0 }}>Nothing was imported: fix these rows and try again</h3>
                <ul>
                  {importForm.rowErrors.map((e, i) => (
                    <li key={i}>
                      Row {e.row}: {e.message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <Form method="post" encType="multipart/form-data">
              <CsrfInput />
              <input type="hidden" name="jurisdictionId" value={jurisdiction.id} />
              <div className="field">
                <label htmlFor="file">CSV file</label>
                <input id="file" name="file" type="file" accept=".csv,text/csv" />
              </div>
              <TextArea name="csv" label="Or paste the CSV here" defaultValue={importForm?.values.csv} rows={6} />
              <button type="submit" name="intent" value="import">
                Import
              </button>
            </Form>
          </section>
        </>
      ) : null}

      <section className="panel" aria-labelledby="jurisdiction-title">
        <h2 id="jurisdiction-title">Add a city or town</h2>
        <ErrorSummary errors={jurisdictionForm?.errors} />
        <Form method="post" noValidate>
          <CsrfInput />
          <TextField name="jurisdictionName" label="Name" hint="As residents know it, e.g. City of Millbrook." defaultValue={jurisdictionForm?.values.name} error={jurisdictionForm?.errors.jurisdictionName} />
          <TextArea name="wards" label="Wards" hint="One a line, in order. Leave empty if it has none." defaultValue={jurisdictionForm?.values.wards} error={jurisdictionForm?.errors.wards} />
          <button type="submit" name="intent" value="addJurisdiction" className="secondary">
            Add city or town
          </button>
        </Form>
      </section>
    </>
  );
}
