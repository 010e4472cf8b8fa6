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

function FieldFrame({ name, label, error, hint, id, children }: FieldProps & { children: ReactNode }) {
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

export function TextField({
  name,
  label,
  error,
  hint,
  defaultValue,
  type = "text",
  autoComplete,
  required,
  inputMode,
  maxLength,
}: FieldProps & {
  defaultValue?: string | number | null;
  type?: "text" | "email" | "number" | "date" | "url";
  autoComplete?: string;
  required?: boolean;
  inputMode?: "text" | "email" | "numeric";
  maxLength?: number;
}) {
  return (
    <FieldFrame name={name} label={label} error={error} hint={hint}>
      <input
        id={name}
        name={name}
        type={type}
        defaultValue={defaultValue ?? ""}
        autoComplete={autoComplete}
        required={required}
        aria-required={required || undefined}
        inputMode={inputMode}
        maxLength={maxLength}
        {...describedBy(name, { error, hint })}
      />
    </FieldFrame>
  );
}

export function TextArea({
  name,
  label,
  error,
  hint,
  defaultValue,
  rows = 4,
  required,
}: FieldProps & { defaultValue?: string | null; rows?: number; required?: boolean }) {
  return (
    <FieldFrame name={name} label={label} error={error} hint={hint}>
      <textarea
        id={name}
        name={name}
        rows={rows}
        defaultValue={defaultValue ?? ""}
        required={required}
        aria-required={required || undefined}
        {...describedBy(name, { error, hint })}
      />
    </FieldFrame>
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
