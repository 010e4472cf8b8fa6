import { Form } from "@remix-run/react";
import { describedBy, ErrorSummary, errorId, hintId, TextField, type FieldErrors } from "~/components/form";
import { isMessageKey } from "~/i18n/core";
import { useT } from "~/i18n/use-t";
import { AUDIENCES, WHO_SEES_WHAT } from "~/signing/who-sees-what";
import { EMAIL_MAX, HONEYPOT_FIELD, NAME_MAX, OUTSIDE_WARD, VERIFY_TOKEN_TTL_DAYS, type SignFormValues } from "~/signing/signatures";
import { DISPLAY_CHOICES } from "../../db/states";

/** The sign form's text boxes, each with its label and hint keys `sign.<name>` and `sign.<name>Hint`. */
const TEXT_FIELDS = [
  { name: "name", autoComplete: "name", maxLength: NAME_MAX },
  { name: "email", type: "email", autoComplete: "email", maxLength: EMAIL_MAX },
] as const;

/** The display choices that need a word on who still receives the name. */
const DISPLAY_HINTS = { private: "sign.display.privateHint", anonymous: "sign.display.anonymousHint" } as const;

export interface SignFieldsProps {
  jurisdiction: string;
  /** The jurisdiction's wards; empty when the statement does not ask for one. */
  wards: { id: number; name: string }[];
  askWard: boolean;
  /** Field errors as i18n keys, as the sign action (or the embed's query) returns them. */
  errors?: FieldErrors | null;
  values?: Partial<SignFormValues> | null;
}

/**
 * The sign form's fields, for any form that posts to /statements/:slug: the
 * statement page, the embed, and (by copying its HTML) partner sites.
 */
export function SignFields({ jurisdiction, wards, askWard, errors, values }: SignFieldsProps) {
  const t = useT();
  const message = (name: string) => {
    const key = errors?.[name];
    if (!key) return undefined;
    // Keys may come from the embed's query string: anything unknown reads as "invalid".
    return t(isMessageKey(key) ? key : "form.error.invalid", { max: NAME_MAX, emailMax: EMAIL_MAX });
  };
  const translated: FieldErrors = Object.fromEntries(Object.keys(errors ?? {}).map((k) => [k, message(k)]));
  const display = values?.display || "initials";
  const wardError = message("ward");
  const displayError = message("display");
  return (
    <>
      <ErrorSummary errors={translated} />
      <div className="hp" aria-hidden="true">
        <label htmlFor={HONEYPOT_FIELD}>{t("sign.honeypot")}</label>
        <input id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" />
      </div>
      {TEXT_FIELDS.map(({ name, ...field }) => (
        <TextField
          key={name}
          name={name}
          {...field}
          label={t(`sign.${name}`)}
          hint={t(`sign.${name}Hint`)}
          required
          defaultValue={values?.[name]}
          error={message(name)}
        />
      ))}
      {askWard ? (
        <div className="field">
          <label htmlFor="ward">{t("sign.ward")}</label>
          <span className="hint" id={hintId("ward")}>
            {t("sign.wardHint")}
          </span>
          {wardError ? (
            <p className="field-error" id={errorId("ward")}>
              {wardError}
            </p>
          ) : null}
          <select
            id="ward"
            name="ward"
            required
            aria-required
            defaultValue={values?.ward ?? ""}
            {...describedBy("ward", { error: wardError, hint: true })}
          >
            <option value="">{t("sign.wardChoose")}</option>
            {wards.map((w) => (
              <option key={w.id} value={String(w.id)}>
                {w.name}
              </option>
            ))}
            <option value={OUTSIDE_WARD}>{t("sign.wardOutside", { jurisdiction })}</option>
          </select>
        </div>
      ) : null}
      <fieldset id="display" {...describedBy("display", { error: displayError })}>
        <legend>{t("sign.display")}</legend>
        {displayError ? (
          <p className="field-error" id={errorId("display")}>
            {displayError}
          </p>
        ) : null}
        {DISPLAY_CHOICES.map((choice) => {
          const hint = choice in DISPLAY_HINTS ? DISPLAY_HINTS[choice as keyof typeof DISPLAY_HINTS] : null;
          return (
            <label key={choice} className="choice" htmlFor={`display-${choice}`}>
              <input
                type="radio"
                id={`display-${choice}`}
                name="display"
                value={choice}
                required
                defaultChecked={display === choice}
                aria-describedby={hint ? `display-${choice}-hint` : undefined}
              />
              <span>
                {t(`sign.display.${choice}`)}
                {hint ? (
                  <span className="hint" id={`display-${choice}-hint`}>
                    {t(hint)}
                  </span>
                ) : null}
              </span>
            </label>
          );
        })}
        <p className="small">
          <a href="/privacy" target="_blank" rel="noopener">
            {t("sign.privacyLink")}
          </a>
        </p>
      </fieldset>
      <label className="choice" htmlFor="updates">
        <input type="checkbox" id="updates" name="updates" value="yes" defaultChecked={Boolean(values?.updates)} />
        <span>{t("sign.updates")}</span>
      </label>
      <div className="button-row sign-submit">
        <button type="submit">{t("sign.submit")}</button>
      </div>
    </>
  );
}

/**
 * The sign form as the statement page shows it: a plain HTML form, no
 * JavaScript needed, followed by who sees what of the signer's name.
 */
export function SignForm({ slug, ...props }: SignFieldsProps & { slug: string }) {
  return (
    <>
      <Form method="post" action={`/statements/${slug}#sign`} noValidate className="sign-form">
        <SignFields {...props} />
      </Form>
      <WhoSeesWhat />
    </>
  );
}

/** The answer to every accepted signature: it says nothing about who has signed before. */
export function CheckYourEmail({ title, heading: Heading = "h1" }: { title: string; heading?: "h1" | "h2" }) {
  const t = useT();
  return (
    <div aria-live="polite">
      <Heading>{t("signed.title")}</Heading>
      <p>{t("signed.body", { title })}</p>
      <p>{t("signed.expiry", { days: VERIFY_TOKEN_TTL_DAYS })}</p>
      <p className="muted">{t("signed.spam")}</p>
    </div>
  );
}

/**
 * Who sees a signer's name, for each display choice, in plain words: beside
 * the sign form and on /privacy, both from WHO_SEES_WHAT (the rule the
 * pages, exports and packets follow), so they cannot say different things.
 */
export function WhoSeesWhat({ heading: Heading = "h3" }: { heading?: "h2" | "h3" }) {
  const t = useT();
  return (
    <section className="who-sees-what" aria-labelledby="who-sees-what-heading">
      <Heading id="who-sees-what-heading">{t("who.heading")}</Heading>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("who.choice")}</th>
            {AUDIENCES.map((audience) => (
              <th scope="col" key={audience}>
                {t(`who.audience.${audience}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {DISPLAY_CHOICES.map((choice) => (
            <tr key={choice} data-display={choice}>
              <th scope="row">{t(`who.choice.${choice}`)}</th>
              {AUDIENCES.map((audience) => (
                <td key={audience} data-audience={audience} data-label={t(`who.audience.${audience}`)}>
                  {t(`who.shown.${WHO_SEES_WHAT[choice][audience]}`)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small">{t("who.alsoSeen")}</p>
      <p className="small">{t("who.publicRecord")}</p>
    </section>
  );
}
