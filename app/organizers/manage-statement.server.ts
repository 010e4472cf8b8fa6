import type { Locale } from "~/i18n/core";
// What the organizer's page for one statement reads and the one verb it needs
// that the statements module does not have on its own. Route support: the
// rules stay in statements/, officials/ and co-organizers.
import type { Statement } from "../../db/types";
import { appUrl } from "~/env.server";
import { listJurisdictions, listOfficials } from "~/officials/officials.server";
import type { OrganizedStatement } from "~/statements/access.server";
import { verifiedCount } from "~/signing/verified-count.server";
import { draftValuesFromStatement, type DraftFormValues } from "~/statements/draft-form";
import { isPlaceholderSlug } from "~/statements/drafts.server";
import { isEditable } from "~/statements/lifecycle";
import { listRecipients } from "~/statements/organizer-lists.server";
import { publishDraft } from "~/statements/publish.server";
import { translationOf } from "~/statements/text";
import { listOrganizers } from "./co-organizers.server";

/** The draft form's values for a saved statement; a made-up address shows as empty. */
export function savedDraftValues(statement: Statement, officialIds: number[]): DraftFormValues {
  const values = draftValuesFromStatement(statement, officialIds);
  if (isPlaceholderSlug(values.slug)) values.slug = "";
  return values;
}

/** Everything the organizer's page shows about one statement they organize. */
export async function loadManagedStatement({ statement }: { statement: OrganizedStatement }) {
  const editable = isEditable(statement.state);
  const [jurisdictions, officials, recipients, organizers, verified] = await Promise.all([
    listJurisdictions(),
    editable ? listOfficials({ jurisdictionId: statement.jurisdiction_id }) : Promise.resolve([]),
    listRecipients({ statementId: statement.id }),
    listOrganizers({ statementId: statement.id }),
    verifiedCount(statement.id),
  ]);
  return {
    statement,
    jurisdiction: jurisdictions.find((j) => j.id === statement.jurisdiction_id)?.name ?? "",
    jurisdictions,
    officials,
    recipients,
    organizers,
    verified,
    values: savedDraftValues(
      statement,
      recipients.map((r) => r.id),
    ),
    hasTranslation: translationOf(statement) !== null,
    publicUrl: `${appUrl()}/statements/${statement.slug}`,
  };
}

export type ManagedStatement = Awaited<ReturnType<typeof loadManagedStatement>>;

/**
 * Publishes the draft as saved. When something is missing, the answer
 * carries the saved values beside the problems, so the form can show both
 * (publishing may also have dropped officials who retired since).
 */
export async function publishSavedDraft({
  statement,
  userId,
  locale,
}: {
  statement: Statement;
  userId: number;
  /** The organizer's language: admins are told in it that the statement waits for review (admins have no stored language). */
  locale: Locale;
}): Promise<{ status: "ok" } | { status: "invalid"; errors: Record<string, string>; values: DraftFormValues }> {
  const result = await publishDraft({ statementId: statement.id, userId, locale });
  if (result.status === "ok") return { status: "ok" };
  const recipients = await listRecipients({ statementId: statement.id });
  return {
    status: "invalid",
    errors: result.errors,
    values: savedDraftValues(
      statement,
      recipients.map((r) => r.id),
    ),
  };
}
