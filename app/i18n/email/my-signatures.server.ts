import type { Messages, Spanish } from "../catalog";

// Server-only (.server): the email with the link to a signer's own signatures (/my-signatures).
// Never imported by client code; read through emailTranslator (app/i18n/email.server.ts).
const en = {
  "mine.email.subject": "Your signatures on Undersigned",
  "mine.email.body": [
    "Someone (we hope you) asked to see the signatures made with this email address on Undersigned.",
    "",
    "Open this link to see them, change how your name appears, withdraw or erase a signature, or download your data:",
    "",
    "{link}",
    "",
    "The link works for {minutes, plural, one {# minute} other {# minutes}}. Don't forward it: anyone who has it can manage your signatures until then.",
    "",
    "If you did not ask for it, you can ignore this email: nothing changes.",
    "What we keep, why, and for how long: {privacyLink}",
  ].join("\n"),
} satisfies Messages;

const es: Spanish<typeof en> = {
  "mine.email.subject": "Sus firmas en Undersigned",
  "mine.email.body": [
    "Alguien (esperamos que usted) pidió ver las firmas hechas con este correo electrónico en Undersigned.",
    "",
    "Abra este enlace para verlas, cambiar cómo aparece su nombre, retirar o borrar una firma, o descargar sus datos:",
    "",
    "{link}",
    "",
    "El enlace funciona durante {minutes, plural, one {# minuto} other {# minutos}}. No lo reenvíe: quien lo tenga puede gestionar sus firmas hasta entonces.",
    "",
    "Si usted no lo pidió, puede ignorar este correo: no cambia nada.",
    "Qué guardamos, por qué y durante cuánto tiempo: {privacyLink}",
  ].join("\n"),
};

export default { en, es };
