import type { Messages, Spanish } from "../catalog";

// Server-only (.server): The organizer's sign-in email, and the invitation to co-organize.
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
  "invite.email.subject": "An invitation to help organize a statement on Undersigned",
  "invite.email.body": [
    "An organizer on Undersigned has invited this address to help organize a statement.",
    "",
    "To see which statement and accept, open this link:",
    "{link}",
    "",
    "Nothing happens unless you accept: until then you are not an organizer and no account is made for you.",
    "The link works once and expires in {days, plural, one {# day} other {# days}}. If you did not expect this, you can ignore this email.",
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
  "invite.email.subject": "Una invitación para ayudar a organizar una declaración en Undersigned",
  "invite.email.body": [
    "Una persona que organiza en Undersigned ha invitado a esta dirección a ayudar a organizar una declaración.",
    "",
    "Para ver de qué declaración se trata y aceptar, abra este enlace:",
    "{link}",
    "",
    "No pasa nada si no acepta: hasta entonces no organiza nada y no se le crea ninguna cuenta.",
    "El enlace funciona una vez y vence en {days, plural, one {# día} other {# días}}. Si no esperaba este correo, puede ignorarlo.",
  ].join("\n"),
};

export default { en, es };
