// Server-only: the emails' (and the packet PDF's) words on top of the pages'
// catalogs. The `.server` suffix makes Remix refuse this module, and the
// catalogs it imports, in any client bundle.
import type { KeysOf } from "./catalog";
import { ENGLISH_UI, translationsOf, type MessageKey } from "./core";
import delivery from "./email/delivery.server";
import login from "./email/login.server";
import moderation from "./email/moderation.server";
import packet from "./email/packet.server";
import signer from "./email/signer.server";
import updates from "./email/updates.server";
import { mergeCatalogs, type Locale, type Vars } from "./format";
import { SPANISH_UI } from "./messages/es";

export const EMAIL_CATALOGS = [signer, login, delivery, updates, moderation, packet] as const;

/** A key of the server-only catalogs. */
export type EmailKey = KeysOf<(typeof EMAIL_CATALOGS)[number]>;
/** What email and packet code may look up: its own words and the pages'. */
export type ServerKey = EmailKey | MessageKey;

const merged = mergeCatalogs({
  en: [...ENGLISH_UI, ...EMAIL_CATALOGS.map((c) => c.en)],
  es: [...SPANISH_UI, ...EMAIL_CATALOGS.map((c) => c.es)],
});

/** Every message of `locale`, pages' and emails' (for tests over the catalogs). */
export function serverCatalogOf(locale: Locale): Readonly<Record<string, string>> {
  return merged[locale];
}

const emails = translationsOf<ServerKey>(merged);
export const emailTranslate = emails.translate;
export type EmailT = (key: ServerKey, vars?: Vars) => string;
/** The translator for building emails (and the packet PDF) in `locale`. */
export const emailTranslator: (locale: Locale) => EmailT = emails.translator;
