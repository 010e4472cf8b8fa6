import type { Messages, Spanish } from "../catalog";

// Server-only (.server): The organizer's sign-in email.
// Never imported by client code; read through emailTranslator (app/i18n/email.server.ts).
const en = {
  "login.email.subject": "Your sign-in link for Undersigned",
  "login.email.body": [
    "Use this link to sign in to Undersigned:",
    "",
    "{link}",
    "",
    "It works once and expires in {minutes, plural, one {# minute} other {# minutes}}.",
    "If you did not ask to sign in, you can ignore this email.",
  ].join("\n"),
} satisfies Messages;

const es: Spanish<typeof en> = {
  "login.email.subject": "Su enlace para iniciar sesión en Undersigned",
  "login.email.body": [
    "Use este enlace para iniciar sesión en Undersigned:",
    "",
    "{link}",
    "",
    "Funciona una vez y vence en {minutes, plural, one {# minuto} other {# minutos}}.",
    "Si usted no pidió iniciar sesión, puede ignorar este correo.",
  ].join("\n"),
};

export default { en, es };
