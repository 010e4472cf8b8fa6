import type { DisplayChoice } from "../../db/states";
import { nameFor } from "~/signing/who-sees-what";

// How a campaign is going, as organizers see it. Client-safe rules; the
// queries are in campaign.server.ts.

/** Days of signatures the dashboard's chart shows. */
export const DASHBOARD_DAYS = 30;

/** The export's name for signers the public page counts but never names. */
export const UNNAMED_SIGNER: Record<"private" | "anonymous", string> = { private: "Private signer", anonymous: "Anonymous signer" };

/**
 * The name an organizer may see: exactly what the public sees (anyone can
 * publish a statement, so anyone can be an organizer). Initials stay
 * initials; private and anonymous signers are counted, never named.
 */
export function organizerVisibleName({ display, name }: { display: DisplayChoice; name: string }): string {
  return nameFor("organizers", name, display) ?? UNNAMED_SIGNER[display as keyof typeof UNNAMED_SIGNER];
}

export const SIGNATURE_EXPORT_HEADER = ["Name", "Display choice", "Ward", "Signed at (UTC)", "Verified at (UTC)"] as const;
