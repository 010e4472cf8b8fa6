import type { Messages, Spanish } from "../catalog";

// Server-only (.server): Moderation's emails (MODERATION=required): a platform
// admin is told a statement waits for review, its organizers the decision.
// Never imported by client code; read through emailTranslator (app/i18n/email.server.ts).
const en = {
  "moderation.email.requested.subject": "A statement is waiting for review",
  "moderation.email.requested.body": "“{title}” was published and is waiting for a platform admin to review it.",
  "moderation.email.requested.link": "Review it:",
  "moderation.email.approved.subject": "Your statement is open for signatures",
  "moderation.email.approved.body": "Your statement “{title}” was approved and is now open for signatures:",
  "moderation.email.rejected.subject": "Your statement needs changes before it can open",
  "moderation.email.rejected.body": "Your statement “{title}” was not approved yet. The reviewer wrote:",
  "moderation.email.rejected.link": "You can change it and publish it again:",
} satisfies Messages;

const es: Spanish<typeof en> = {
  "moderation.email.requested.subject": "Una declaración espera revisión",
  "moderation.email.requested.body": "«{title}» se publicó y espera que un administrador de la plataforma la revise.",
  "moderation.email.requested.link": "Revísela:",
  "moderation.email.approved.subject": "Su declaración está abierta a firmas",
  "moderation.email.approved.body": "Su declaración «{title}» fue aprobada y ya está abierta a firmas:",
  "moderation.email.rejected.subject": "Su declaración necesita cambios antes de abrirse",
  "moderation.email.rejected.body": "Su declaración «{title}» todavía no fue aprobada. Quien la revisó escribió:",
  "moderation.email.rejected.link": "Puede cambiarla y volver a publicarla:",
};

export default { en, es };
