// The shape of a catalog file. English is the source of truth: its keys make
// the key union (MessageKey in core.ts, EmailKey in email.server.ts), so a
// misspelt key is a type error. Spanish may lag behind, never add keys.
//
// Messages are text with `{name}` placeholders, and plurals in ICU style:
// `{count, plural, one {# signer} other {# signers}}` (also `=0 {…}`), the
// form chosen by Intl.PluralRules for the reader's locale (see format.ts).
export type Messages = Record<string, string>;
export type Spanish<En extends Messages> = { [K in keyof En]?: string };
/** A catalog holding both languages (the server-only ones). */
export type Catalog = { en: Messages; es: Partial<Messages> };

/** The keys of one catalog file (English messages, or both languages), or of a union of them. */
export type KeysOf<C> = C extends { en: infer En } ? Extract<keyof En, string> : Extract<keyof C, string>;
