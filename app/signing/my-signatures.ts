// Client-safe: what a signer may do with each of their own signatures
// (/my-signatures), as pure rules the page and the server share. The queries
// are in my-signatures.server.ts, the form's schema in my-signatures-input.server.ts.
import type { SignatureState, StatementState } from "../../db/states";

/** How long an emailed /my-signatures link works. */
export const MY_SIGNATURES_LINK_TTL_MINUTES = 60;

/** What the rules need to know about one signature. */
export interface OwnSignatureFacts {
  state: SignatureState;
  statementState: StatementState;
  /** When the first packet carrying this signature was delivered, or null. */
  deliveredAt: Date | string | null;
}

/** Why the display choice can no longer change, or null when it can. */
export type DisplayLock = "delivered" | "withdrawn" | null;

/**
 * Officials hold a delivered packet as it was: once a signature is in one (or
 * its statement is delivered), how its name appears is settled. A withdrawn
 * signature is shown nowhere, so there is nothing to choose.
 */
export function displayLock(s: OwnSignatureFacts): DisplayLock {
  if (s.deliveredAt !== null || s.statementState === "delivered") return "delivered";
  if (s.state === "withdrawn") return "withdrawn";
  return null;
}

/** Only a counted signature can be withdrawn (the withdraw rule in verify.server.ts says the same). */
export const canWithdraw = (s: OwnSignatureFacts) => s.state === "verified";

/**
 * What erasing does: a signature no packet carries is deleted (a counted one
 * stops counting first); one a delivered packet carries keeps only what the
 * packet already holds (my-signatures.server.ts says exactly what).
 */
export const eraseKeepsPacketCopy = (s: OwnSignatureFacts) => s.deliveredAt !== null;
