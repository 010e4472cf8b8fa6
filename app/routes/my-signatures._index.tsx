import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { ErrorSummary, fieldErrors, TextField } from "~/components/form";
import "~/i18n/campaign-messages";
import { negotiateLocale } from "~/i18n/locale.server";
import { metaTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import { formText } from "~/http/intents.server";
import { requestMySignaturesLink } from "~/signing/my-signatures.server";
import { mySignaturesRequestSchema } from "~/signing/my-signatures-input.server";
import { HONEYPOT_FIELD } from "~/signing/signatures";

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "mine.title")];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => new FormData());
  // A bot that fills every field gets the same answer as everyone.
  if (formText(form, HONEYPOT_FIELD)) return redirect("/my-signatures/sent");
  const parsed = mySignaturesRequestSchema.safeParse({ email: formText(form, "email") });
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error.issues), values: { email: formText(form, "email") } }, { status: 400 });
  await requestMySignaturesLink({ email: parsed.data.email, clientIp: context.clientIp, locale: negotiateLocale(request) });
  // The same answer whether or not the address signed anything, and whether or not a limit held the email back.
  return redirect("/my-signatures/sent");
}

export default function MySignaturesRequest() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  // The schema's messages are catalog keys.
  const errors = Object.fromEntries(Object.entries(actionData?.errors ?? {}).map(([k, v]) => [k, v && t(v)]));
  return (
    <section className="panel narrow">
      <h1>{t("mine.title")}</h1>
      <p>{t("mine.intro")}</p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <div className="hp" aria-hidden="true">
          <label htmlFor={HONEYPOT_FIELD}>{t("sign.honeypot")}</label>
          <input id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" />
        </div>
        <TextField name="email" type="email" label={t("mine.email")} autoComplete="email" required defaultValue={actionData?.values.email} error={errors.email} />
        <button type="submit">{t("mine.submit")}</button>
      </Form>
    </section>
  );
}
