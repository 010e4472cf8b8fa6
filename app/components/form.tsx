import { useEffect, useRef, type ReactNode } from "react";
import { useRouteLoaderData } from "@remix-run/react";
import { isMessageKey, type MessageKey } from "~/i18n/core";
import { useT } from "~/i18n/use-t";

/** Field → the error shown beside it (translated text). */
export type FieldErrors = Partial<Record<string, string>>;
/** Field → the catalog key of its error, as actions return them. */
export type ErrorKeys = Partial<Record<string, MessageKey>>;

export const errorId = (name: string) => `${name}-error`;
export const hintId = (name: string) => `${name}-hint`;

/** aria attributes that tie a control to its hint and error. */
export function describedBy(name: string, { error, hint }: { error?: string; hint?: ReactNode }) {
  const ids = [hint ? hintId(name) : null, error ? errorId(name) : null].filter(Boolean).join(" ");
  return {
    "aria-describedby": ids || undefined,
    "aria-invalid": error ? (true as const) : undefined,
  };
}

interface FieldProps {
  name: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  id?: string;
}

/** A field's problem, beside it, named by the field's aria-describedby (describedBy). */
export function FieldError({ name, error }: { name: string; error?: string }) {
  return error ? (
    <p className="field-error" id={errorId(name)}>
      {error}
    </p>
  ) : null;
}

/** A labelled field: its label, hint and problem above the control it wraps. */
export function Field({ name, label, error, hint, id, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id ?? name}>{label}</label>
      {hint ? (
        <span className="hint" id={hintId(name)}>
          {hint}
        </span>
      ) : null}
      <FieldError name={name} error={error} />
      {children}
    </div>
  );
}

/** What every field's control carries: its id and name, whether it is required, and what describes it. */
function controlProps({ name, error, hint }: FieldProps, required?: boolean) {
  return { id: name, name, required, "aria-required": required || undefined, ...describedBy(name, { error, hint }) };
}

export function TextField({
  defaultValue,
  type = "text",
  required,
  autoComplete,
  inputMode,
  maxLength,
  ...field
}: FieldProps & {
  defaultValue?: string | number | null;
  type?: "text" | "email" | "number" | "date" | "url" | "search";
  autoComplete?: string;
  required?: boolean;
  inputMode?: "text" | "email" | "numeric";
  maxLength?: number;
}) {
  return (
    <Field {...field}>
      <input type={type} defaultValue={defaultValue ?? ""} autoComplete={autoComplete} inputMode={inputMode} maxLength={maxLength} {...controlProps(field, required)} />
    </Field>
  );
}

export function TextArea({ defaultValue, rows = 4, required, ...field }: FieldProps & { defaultValue?: string | null; rows?: number; required?: boolean }) {
  return (
    <Field {...field}>
      <textarea rows={rows} defaultValue={defaultValue ?? ""} {...controlProps(field, required)} />
    </Field>
  );
}

/** A labelled choice among `options` (records such as jurisdictions and wards); `placeholder` is an empty first option ("Choose…", "Any place"). */
export function SelectField({
  defaultValue,
  options,
  placeholder,
  ...field
}: FieldProps & {
  defaultValue?: string | number | null;
  options: readonly { id: string | number; name: string }[];
  placeholder?: string;
}) {
  return (
    <Field {...field}>
      <select defaultValue={defaultValue ?? ""} {...controlProps(field)}>
        {placeholder === undefined ? null : <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * Lists a refused form's problems at the top, each linking to its field, and
 * takes focus so screen-reader and keyboard users land on it.
 */
export function ErrorSummary({ errors, labels = {} }: { errors?: FieldErrors | null; labels?: Record<string, string> }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {}).filter(([, message]) => Boolean(message));
  useEffect(() => {
    if (entries.length) ref.current?.focus();
  }, [errors]);
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref} id="error-summary">
      <h2 id="error-summary-title">{t("form.errorSummary")}</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li key={name}>
            <a href={`#${name}`}>{labels[name] ? `${labels[name]}: ${message}` : message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Hidden CSRF field for organizer and admin forms. */
export function CsrfInput() {
  const data = useRouteLoaderData("root") as { csrf?: string | null } | undefined;
  return <input type="hidden" name="csrf" value={data?.csrf ?? ""} />;
}

/** Field errors from a zod error, keyed by the first path segment, as catalog keys. */
export function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): ErrorKeys {
  const out: ErrorKeys = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "form");
    // Our schemas' messages are catalog keys; zod's own (a schema that forgot
    // its message) would show English to everyone, so they read as "invalid".
    out[key] ??= isMessageKey(issue.message) ? issue.message : "form.error.invalid";
  }
  return out;
}
