import type { DisplayChoice } from "../../db/states";

// Client-safe: who sees a signer's name, for each display choice. One table
// that the sign form's "who sees what", the /privacy page and the privacy
// matrix test (test/privacy-matrix.test.ts) all read, and that the functions
// writing names for each reader (publicName, organizerVisibleName,
// officialDisplayName) follow.

/** The readers of a statement's signatures, besides the platform itself. */
export const AUDIENCES = ["public", "organizers", "officials"] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * What a reader gets of a signer's name: all of it, the first name and last
 * initial ("Priya W."), nothing at all (only counted), or the words "Name
 * withheld by the signer" in its place (the packet's row, with the ward).
 */
export type NameShown = "full" | "initials" | "none" | "withheld";

export const WHO_SEES_WHAT: Record<DisplayChoice, Record<Audience, NameShown>> = {
  full: { public: "full", organizers: "full", officials: "full" },
  initials: { public: "initials", organizers: "initials", officials: "initials" },
  private: { public: "none", organizers: "none", officials: "full" },
  anonymous: { public: "none", organizers: "none", officials: "withheld" },
};

/** The display choices whose signers the public page may list by name. */
export const PUBLICLY_NAMED = (Object.keys(WHO_SEES_WHAT) as DisplayChoice[]).filter((d) => WHO_SEES_WHAT[d].public !== "none");

/** Written in the packet (CSV; the PDF says it in the packet's language) where an anonymous signer's name would be. */
export const NAME_WITHHELD = "Name withheld by the signer";

/** The first name and the initial of the last ("Maria G."); a single name as it is. */
export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return parts[0] ?? "";
  const last = parts[parts.length - 1];
  return `${parts[0]} ${Array.from(last)[0].toLocaleUpperCase()}.`;
}

/**
 * A signer's name as `audience` is given it: the name, initials, null when
 * they get none (only a count), or NAME_WITHHELD.
 */
export function nameFor(audience: Audience, name: string, display: DisplayChoice): string | null {
  const shown = WHO_SEES_WHAT[display][audience];
  if (shown === "none") return null;
  if (shown === "withheld") return NAME_WITHHELD;
  return shown === "full" ? name : initialsOf(name);
}
