import type { Messages, Spanish } from "../catalog";

// Server-only (.server): The signer's emails: confirm your signature, and the confirmation once it counts.
// Never imported by client code; read through emailTranslator (app/i18n/email.server.ts).
const en = {
  "email.verify.subject": "Confirm your signature: {title}",
  "email.verify.body": [
    "Hello {name},",
    "",
    "Thank you for signing “{title}”.",
    "",
    "Your signature counts once you confirm your email address. Open this link and press the button:",
    "",
    "{link}",
    "",
    "The link works once and expires in {days, plural, one {# day} other {# days}}.",
    "{shownAs}",
    "",
    "If you did not sign this statement, ignore this email: nothing will be counted.",
  ].join("\n"),
  "email.confirm.subject": "Your signature counts: {title}",
  "email.confirm.body": [
    "Hello {name},",
    "",
    "Your signature on “{title}” is confirmed and counted.",
    "{shownAs}",
    "",
    "See the statement: {statementLink}",
    "",
    "If you change your mind, you can withdraw your signature at any time. It will stop counting and will not be in any later delivery to officials:",
    "",
    "{link}",
    "",
    "Keep this email to be able to withdraw.",
  ].join("\n"),
} satisfies Messages;

const es: Spanish<typeof en> = {
  "email.verify.subject": "Confirme su firma: {title}",
  "email.verify.body": [
    "Hola, {name}:",
    "",
    "Gracias por firmar «{title}».",
    "",
    "Su firma cuenta cuando confirme su correo electrónico. Abra este enlace y pulse el botón:",
    "",
    "{link}",
    "",
    "El enlace funciona una sola vez y vence en {days, plural, one {# día} other {# días}}.",
    "{shownAs}",
    "",
    "Si usted no firmó esta declaración, ignore este correo: no se contará nada.",
  ].join("\n"),
  "email.confirm.subject": "Su firma cuenta: {title}",
  "email.confirm.body": [
    "Hola, {name}:",
    "",
    "Su firma en «{title}» está confirmada y se cuenta.",
    "{shownAs}",
    "",
    "Vea la declaración: {statementLink}",
    "",
    "Si cambia de opinión, puede retirar su firma en cualquier momento. Dejará de contarse y no estará en ninguna entrega posterior a las autoridades:",
    "",
    "{link}",
    "",
    "Guarde este correo para poder retirar su firma.",
  ].join("\n"),
};

export default { en, es };
