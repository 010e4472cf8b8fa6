import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from "kysely";
import type {
  DeliveryTrigger,
  DisplayChoice,
  Office,
  OfficialDeliveryState,
  OrganizerRole,
  OutboxState,
  SignatureState,
  StatementState,
} from "./states";

/** A jsonb value as the database holds it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * db/ is a leaf: it knows no app type. The app narrows columns whose values
 * it defines by merging into this interface (app/db.server.ts declares
 * `locale` and `packetManifest`); without that they are plain text and JSON.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppColumnTypes {}
type Narrowed<K extends string, Fallback> = AppColumnTypes extends { [P in K]: infer T } ? T : Fallback;
type Locale = Narrowed<"locale", string>;
type PacketManifest = Narrowed<"packetManifest", Json>;

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** postgres.js hands bigint columns back as strings so no precision is lost. */
type BigId = ColumnType<string, never, never>;
// jsonb columns take plain values: postgres.js knows the column type and
// serializes them itself (a pre-stringified value would be stored as a string).

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string | null;
  created_at: GeneratedTimestamp;
}

/** A link that opens a signer's own signatures (/my-signatures): the address, and its token's hash. */
export interface SignerLinksTable {
  id: BigId;
  email: string;
  token_hash: string;
  expires_at: Timestamp;
  created_at: GeneratedTimestamp;
}

export interface LoginTokensTable {
  id: Generated<number>;
  email: string;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

export interface SessionsTable {
  id: Generated<number>;
  token_hash: string;
  csrf_token: string;
  user_id: number;
  expires_at: Timestamp;
  created_at: GeneratedTimestamp;
}

export interface JurisdictionsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: GeneratedTimestamp;
}

export interface WardsTable {
  id: Generated<number>;
  jurisdiction_id: number;
  name: string;
  position: Generated<number>;
}

export interface OfficialsTable {
  id: Generated<number>;
  jurisdiction_id: number;
  name: string;
  office: Office;
  ward_id: number | null;
  email: string;
  retired_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

export interface StatementsTable {
  id: Generated<number>;
  slug: string;
  state: ColumnType<StatementState, StatementState | undefined, StatementState>;
  jurisdiction_id: number;
  template: Generated<string>;
  title: Generated<string>;
  summary: Generated<string>;
  preamble: ColumnType<string[], string[] | undefined, string[]>;
  call_to_residents: Generated<string>;
  ask_of_officials: Generated<string>;
  pledge: Generated<string>;
  /** The organizer's Spanish translation; empty strings and [] when there is none. */
  title_es: Generated<string>;
  summary_es: Generated<string>;
  preamble_es: ColumnType<string[], string[] | undefined, string[]>;
  call_to_residents_es: Generated<string>;
  ask_of_officials_es: Generated<string>;
  pledge_es: Generated<string>;
  goal: Generated<number>;
  deadline: Timestamp | null;
  ask_ward: Generated<boolean>;
  delivery_trigger: ColumnType<DeliveryTrigger, DeliveryTrigger | undefined, DeliveryTrigger>;
  keep_collecting: Generated<boolean>;
  version_hash: string | null;
  canonical_text: string | null;
  rejection_reason: string | null;
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
  published_at: Timestamp | null;
  opened_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface StatementOrganizersTable {
  statement_id: number;
  user_id: number;
  role: OrganizerRole;
  created_at: GeneratedTimestamp;
}

/** A co-organizer invitation the invitee has not accepted yet. */
export interface OrganizerInvitationsTable {
  id: Generated<number>;
  statement_id: number;
  email: string;
  invited_by: number | null;
  token_hash: string;
  expires_at: Timestamp;
  created_at: GeneratedTimestamp;
}

export interface StatementOfficialsTable {
  statement_id: number;
  official_id: number;
}

export interface SignaturesTable {
  id: BigId;
  statement_id: number;
  state: ColumnType<SignatureState, SignatureState | undefined, SignatureState>;
  name: string;
  email: string;
  ward_id: number | null;
  outside_jurisdiction: Generated<boolean>;
  display: DisplayChoice;
  updates: Generated<boolean>;
  verify_token_hash: string | null;
  verify_expires_at: Timestamp | null;
  withdraw_token_hash: string | null;
  client_ip: string | null;
  suspicious_reason: string | null;
  verification_sends: Generated<number>;
  last_sent_at: GeneratedTimestamp;
  created_at: GeneratedTimestamp;
  verified_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  locale: ColumnType<Locale, Locale | undefined, Locale>;
  /** Set when the signer unsubscribes from this statement's updates. */
  unsubscribed_at: Timestamp | null;
  /** Set when retention erased the signer's name and address (the signature still counts). */
  anonymized_at: Timestamp | null;
  /** The address normalized for uniqueness (app/mail/email-address.ts): one inbox, one signature. */
  email_key: string;
  /** Set when the signer erased a delivered signature: it keeps only what its packet holds (app/signing/my-signatures.server.ts). */
  erased_at: Timestamp | null;
}

/** A sign-form submission waiting for its emailed link: confirming it applies these choices. */
export interface SignatureSubmissionsTable {
  id: BigId;
  signature_id: string;
  token_hash: string;
  name: string;
  ward_id: number | null;
  outside_jurisdiction: boolean;
  display: DisplayChoice;
  updates: boolean;
  locale: Locale;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  applied_at: Timestamp | null;
}

export interface StatementUpdatesTable {
  id: Generated<number>;
  statement_id: number;
  author_id: number | null;
  subject: string;
  body: string;
  recipients: Generated<number>;
  created_at: GeneratedTimestamp;
  quiet_until: GeneratedTimestamp;
}

export interface StatementUpdateRecipientsTable {
  update_id: number;
  signature_id: string;
  unsubscribe_token_hash: string;
}

export interface StatementCountShardsTable {
  statement_id: number;
  shard: number;
  verified: Generated<number>;
}

export interface RateLimitsTable {
  key: string;
  window_start: Timestamp;
  hits: Generated<number>;
}

export interface OutboxAttachment {
  filename: string;
  contentType: string;
  /** Inline content, base64. Large files are referenced instead (see `ref`). */
  base64?: string;
  /** A reference the worker resolves when it sends, e.g. a packet file. */
  ref?: { kind: string; id: string };
}

export interface OutboxTable {
  id: BigId;
  state: ColumnType<OutboxState, OutboxState | undefined, OutboxState>;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  headers: ColumnType<Record<string, string>, Record<string, string> | undefined, Record<string, string>>;
  attachments: ColumnType<OutboxAttachment[], OutboxAttachment[] | undefined, OutboxAttachment[]>;
  attempts: Generated<number>;
  next_attempt_at: GeneratedTimestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  message_id: string | null;
  created_at: GeneratedTimestamp;
  sent_at: Timestamp | null;
}

export interface DevMailAttachment {
  filename: string;
  contentType: string;
  size: number;
}

/** Mail captured by the in-process SMTP sink, for /dev/mailbox. */
export interface DevMailTable {
  id: Generated<number>;
  envelope_from: string | null;
  envelope_to: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments: ColumnType<DevMailAttachment[], DevMailAttachment[] | undefined, DevMailAttachment[]>;
  received_at: GeneratedTimestamp;
}

export interface DeliveriesTable {
  id: Generated<number>;
  statement_id: number;
  sequence: number;
  reason: DeliveryTrigger;
  delivered_by: number | null;
  delivered_at: GeneratedTimestamp;
  signature_count: number;
  /** Written at the freeze, with the packet. */
  manifest: ColumnType<PacketManifest | null, PacketManifest | null | undefined, PacketManifest | null>;
  packet_sha256: string | null;
}

export interface DeliverySignaturesTable {
  delivery_id: number;
  signature_id: ColumnType<string, string | number | bigint, never>;
}

export interface PacketFilesTable {
  id: Generated<number>;
  delivery_id: number;
  kind: "pdf" | "csv";
  filename: string;
  content_type: string;
  /** bigint: postgres.js returns it as a string. */
  bytes: ColumnType<string, number, number>;
  sha256: string;
  /** Set when retention deleted the file's content; its size and hash stay. */
  purged_at: Timestamp | null;
}

export interface PacketFileChunksTable {
  file_id: number;
  seq: number;
  data: Buffer;
}

export interface OfficialDeliveriesTable {
  id: Generated<number>;
  delivery_id: number;
  official_id: number;
  official_name: string;
  office: Office;
  email: string;
  ward_id: number | null;
  ward_count: number | null;
  state: ColumnType<OfficialDeliveryState, OfficialDeliveryState | undefined, OfficialDeliveryState>;
  token_hash: string;
  outbox_id: ColumnType<string | null, string | null | undefined, string | null>;
  attempts: Generated<number>;
  last_error: string | null;
  failure_reason: string | null;
  sent_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  responded_at: Timestamp | null;
  response: string | null;
  created_at: GeneratedTimestamp;
}

/** A delivery's CSV records in groups of 1,024 leaves, with each group's Merkle subtree root (decision 0010). */
export interface DeliveryLeafGroupsTable {
  delivery_id: number;
  seq: number;
  root: Buffer;
  records: string[];
}

/** One receipt email: its outbox row and the signer's leaf in the delivery's tree. */
export interface DeliveryReceiptsTable {
  outbox_id: ColumnType<string, string | number | bigint, never>;
  delivery_id: number;
  leaf_index: number;
  locale: Locale;
}

export interface Database {
  users: UsersTable;
  login_tokens: LoginTokensTable;
  signer_links: SignerLinksTable;
  sessions: SessionsTable;
  jurisdictions: JurisdictionsTable;
  wards: WardsTable;
  officials: OfficialsTable;
  statements: StatementsTable;
  statement_organizers: StatementOrganizersTable;
  statement_officials: StatementOfficialsTable;
  signatures: SignaturesTable;
  signature_submissions: SignatureSubmissionsTable;
  statement_count_shards: StatementCountShardsTable;
  statement_updates: StatementUpdatesTable;
  statement_update_recipients: StatementUpdateRecipientsTable;
  rate_limits: RateLimitsTable;
  outbox: OutboxTable;
  dev_mail: DevMailTable;
  deliveries: DeliveriesTable;
  delivery_signatures: DeliverySignaturesTable;
  packet_files: PacketFilesTable;
  packet_file_chunks: PacketFileChunksTable;
  official_deliveries: OfficialDeliveriesTable;
  delivery_leaf_groups: DeliveryLeafGroupsTable;
  delivery_receipts: DeliveryReceiptsTable;
  organizer_invitations: OrganizerInvitationsTable;
}

export type DB = Kysely<Database>;
/** Anything a query can run on: the pool or a transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

export type Statement = Selectable<StatementsTable>;
export type NewStatement = Insertable<StatementsTable>;
export type StatementUpdate = Updateable<StatementsTable>;
export type Signature = Selectable<SignaturesTable>;
export type Official = Selectable<OfficialsTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type User = Selectable<UsersTable>;
