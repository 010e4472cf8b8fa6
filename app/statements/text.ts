import type { Statement } from "../../db/types";

// Client-safe: a statement's words and the rules about them (the canonical
// text its version hash is taken over, its one translation, its web address).

/** The words a statement is made of: what signers sign and officials receive. */
export interface StatementContent {
  title: string;
  summary: string;
  preamble: string[];
  callToResidents: string;
  askOfOfficials: string;
  pledge: string;
}

/** The language of a statement's own text, and of the one translation an organizer may add. */
export const ORIGINAL_LANGUAGE = "en";
export const TRANSLATION_LANGUAGE = "es";

/** A translation counts only when something in it is written. */
export function isTranslated(c: StatementContent | null | undefined): c is StatementContent {
  return Boolean(c && [c.title, c.summary, c.callToResidents, c.askOfOfficials, c.pledge, ...c.preamble].some((v) => v.trim()));
}

/**
 * The canonical text a version hash is taken over: fixed field order, Unix
 * newlines, no trailing spaces, NFC. Anyone holding the published text can
 * recompute it. A Spanish translation, when there is one, follows the
 * original with "(es)" labels; without one the text (and so the hash of
 * every statement published before translations existed) is unchanged.
 */
export function canonicalStatementText(c: StatementContent & { jurisdiction: string; translation?: StatementContent | null }): string {
  const clean = (s: string) =>
    s
      .normalize("NFC")
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .map((line) => line.trimEnd())
      .join("\n")
      .trim();
  const lines = [
    `Title: ${clean(c.title)}`,
    `Jurisdiction: ${clean(c.jurisdiction)}`,
    `Summary: ${clean(c.summary)}`,
    ...c.preamble.map((p, i) => `Whereas ${i + 1}: ${clean(p)}`),
    `Call to residents: ${clean(c.callToResidents)}`,
    `Ask of officials: ${clean(c.askOfOfficials)}`,
    `Pledge: ${clean(c.pledge)}`,
  ];
  const es = c.translation;
  if (isTranslated(es))
    lines.push(
      `Title (es): ${clean(es.title)}`,
      `Summary (es): ${clean(es.summary)}`,
      ...es.preamble.map((p, i) => `Whereas ${i + 1} (es): ${clean(p)}`),
      `Call to residents (es): ${clean(es.callToResidents)}`,
      `Ask of officials (es): ${clean(es.askOfOfficials)}`,
      `Pledge (es): ${clean(es.pledge)}`,
    );
  return lines.join("\n");
}

export function slugify(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || "statement"
  );
}

/**
 * The words a reader in `locale` sees: the translation when there is one in
 * their language (unless they asked for the original), else the original.
 */
export function statementTextFor<S extends StatementContent & { translation: StatementContent | null }>(
  s: S,
  locale: string,
  { original = false }: { original?: boolean } = {},
): { content: StatementContent; lang: string; translated: boolean; translatable: boolean } {
  const translatable = locale === TRANSLATION_LANGUAGE && isTranslated(s.translation);
  if (translatable && !original) return { content: s.translation!, lang: TRANSLATION_LANGUAGE, translated: true, translatable };
  const { title, summary, preamble, callToResidents, askOfOfficials, pledge } = s;
  return { content: { title, summary, preamble, callToResidents, askOfOfficials, pledge }, lang: ORIGINAL_LANGUAGE, translated: false, translatable };
}

/** One of a statement's fields in `locale`: the translation's when there is one in that language. */
export function localized(locale: string, original: string, spanish: string | null | undefined): string {
  return locale === TRANSLATION_LANGUAGE && spanish?.trim() ? spanish : original;
}

/** A stored statement's Spanish translation, or null when it has none. */
export function translationOf(
  s: Pick<Statement, "title_es" | "summary_es" | "preamble_es" | "call_to_residents_es" | "ask_of_officials_es" | "pledge_es">,
): StatementContent | null {
  const c = {
    title: s.title_es,
    summary: s.summary_es,
    preamble: s.preamble_es,
    callToResidents: s.call_to_residents_es,
    askOfOfficials: s.ask_of_officials_es,
    pledge: s.pledge_es,
  };
  return isTranslated(c) ? c : null;
}

/** A stored statement's own words. */
export function contentOf(s: Statement): StatementContent {
  return {
    title: s.title,
    summary: s.summary,
    preamble: s.preamble,
    callToResidents: s.call_to_residents,
    askOfOfficials: s.ask_of_officials,
    pledge: s.pledge,
  };
}

/** "City of Millbrook (demo)" → "Millbrook": how templates name the place. */
export function placeName(jurisdictionName: string): string {
  const short = jurisdictionName
    .replace(/\s*\([^)]*\)\s*$/, "")
    .replace(/^(city|town|village|county|borough|township|municipality) of\s+/i, "")
    .trim();
  return short || jurisdictionName.trim();
}
