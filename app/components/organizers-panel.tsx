import { Form } from "@remix-run/react";
import { CsrfInput, ErrorSummary, TextField } from "~/components/form";
import { useT } from "~/i18n/use-t";
import type { OrganizerRole } from "../../db/states";

/** What the invite and remove intents answer when the page is shown again (messages are catalog keys). */
export type InviteActionData = { form: "invite"; errors: Record<string, string | undefined>; values: { email: string } };
export type RemovalActionData = { form: "organizers"; error: string };

/** Who organizes a statement: remove a co-organizer (or leave), invite another. */
export function OrganizersPanel({
  organizers,
  userId,
  invite,
  removal,
}: {
  organizers: { id: number; email: string; role: OrganizerRole }[];
  /** The reader: for them, "remove" reads "leave". */
  userId: number;
  invite?: InviteActionData;
  removal?: RemovalActionData;
}) {
  const t = useT();
  const inviteError = invite?.errors.email ? t(invite.errors.email) : undefined;
  return (
    <section className="panel" aria-labelledby="organizers-title">
      <h2 id="organizers-title">{t("organizers.title")}</h2>
      {removal ? (
        <p className="field-error" role="alert">
          {t(removal.error)}
        </p>
      ) : null}
      <ul className="signers">
        {organizers.map((o) => (
          <li key={o.id} className="organizer-row">
            <span>
              {o.email} <span className="muted small">{t(o.role === "owner" ? "organizers.owner" : "organizers.coOrganizer")}</span>
            </span>
            {o.role === "co_organizer" ? (
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="userId" value={o.id} />
                <button type="submit" name="intent" value="removeOrganizer" className="link-button">
                  {o.id === userId ? t("organizers.leave") : t("organizers.remove", { email: o.email })}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <Form method="post" noValidate className="invite-form">
        <ErrorSummary errors={inviteError ? { email: inviteError } : null} />
        <CsrfInput />
        <TextField
          name="email"
          type="email"
          label={t("organizers.invite")}
          hint={t("organizers.inviteHint")}
          defaultValue={invite?.values.email}
          error={inviteError}
        />
        <button type="submit" name="intent" value="invite" className="secondary">
          {t("organizers.inviteButton")}
        </button>
      </Form>
    </section>
  );
}
