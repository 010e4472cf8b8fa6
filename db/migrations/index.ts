import type { Migration } from "kysely";
import * as initial from "./2026-11-26T1000_initial";
import * as signing from "./2026-11-26T1100_signing";
import * as organizer from "./2026-11-26T1200_organizer";
import * as delivery from "./2026-11-26T1300_delivery";
import * as campaign from "./2026-11-26T1400_campaign";
import * as security from "./2026-11-26T1600_security";
import * as experience from "./2026-11-26T1700_experience";
import * as inboxDecides from "./2026-12-03T1000_inbox_decides";
import * as anonymous from "./2026-12-03T1100_anonymous";
import * as receipts from "./2026-12-03T1200_receipts";
import * as mySignatures from "./2026-12-03T1300_my_signatures";
import * as hardening from "./2026-12-03T1400_hardening";

/**
 * Every migration, by name. Listed explicitly rather than read from the
 * folder so the migrator works the same under tsx, vitest and a bundle.
 * Names sort in the order they run: add new ones at the end.
 */
export const migrations: Record<string, Migration> = {
  "2026-11-26T1000_initial": initial,
  "2026-11-26T1100_signing": signing,
  "2026-11-26T1200_organizer": organizer,
  "2026-11-26T1300_delivery": delivery,
  "2026-11-26T1400_campaign": campaign,
  "2026-11-26T1600_security": security,
  "2026-11-26T1700_experience": experience,
  "2026-12-03T1000_inbox_decides": inboxDecides,
  "2026-12-03T1100_anonymous": anonymous,
  "2026-12-03T1200_receipts": receipts,
  "2026-12-03T1300_my_signatures": mySignatures,
  "2026-12-03T1400_hardening": hardening,
};
