// Every lifecycle in the product, as data. The z.enum schemas, the Kysely
// table types and the migrations' CHECK constraints all follow these lists.

export const STATEMENT_STATES = ["draft", "in_review", "open", "closed", "delivered", "rejected"] as const;
export type StatementState = (typeof STATEMENT_STATES)[number];

export const SIGNATURE_STATES = ["pending", "verified", "suspicious", "withdrawn"] as const;
export type SignatureState = (typeof SIGNATURE_STATES)[number];

/**
 * How a signer's name is shown: `private` is named to officials only,
 * `anonymous` to nobody (counted, with the ward). Who sees what for each is
 * in app/signing/who-sees-what.ts.
 */
export const DISPLAY_CHOICES = ["full", "initials", "private", "anonymous"] as const;
export type DisplayChoice = (typeof DISPLAY_CHOICES)[number];

export const OFFICIAL_DELIVERY_STATES = ["queued", "sent", "acknowledged", "responded", "failed"] as const;
export type OfficialDeliveryState = (typeof OFFICIAL_DELIVERY_STATES)[number];

export const OUTBOX_STATES = ["pending", "sent", "failed"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const OFFICES = ["mayor", "ward_councilor", "at_large_councilor", "other"] as const;
export type Office = (typeof OFFICES)[number];

export const ORGANIZER_ROLES = ["owner", "co_organizer"] as const;
export type OrganizerRole = (typeof ORGANIZER_ROLES)[number];

export const DELIVERY_TRIGGERS = ["manual", "deadline", "goal"] as const;
export type DeliveryTrigger = (typeof DELIVERY_TRIGGERS)[number];
