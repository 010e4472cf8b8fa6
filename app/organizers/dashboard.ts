import type { DisplayChoice } from "../../db/states";

// How a campaign is going, as organizers see it. Client-safe rules; the
// queries are in campaign.server.ts.

/** Days of signatures the dashboard's chart shows. */
export const DASHBOARD_DAYS = 30;

export const PRIVATE_SIGNER = "Private signer";

/**
 * The name an organizer may see: the full name, even when the public sees
 * initials, unless the signer chose to stay private.
 */
export function organizerVisibleName({ display, name }: { display: DisplayChoice; name: string }): string {
  return display === "private" ? PRIVATE_SIGNER : name;
}

export const SIGNATURE_EXPORT_HEADER = ["Name", "Display choice", "Ward", "Signed at (UTC)", "Verified at (UTC)"] as const;
