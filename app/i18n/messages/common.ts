import type { Messages, Spanish } from "../catalog";

const en = {
  "nav.statements": "Statements",
  "nav.organize": "Organize",
  "nav.signIn": "Sign in",
  "nav.signOut": "Sign out",
  "nav.main": "Main",
  "skip": "Skip to content",
  "footer": "Undersigned is open-source software for community statements. Signatures count only once their email address is verified; email addresses never leave the platform.",
  "language": "Language",
  "form.errorSummary": "There is a problem",
  "form.errorSummaryCount": "Please fix {count, plural, one {# problem} other {# problems}} below:",
  "form.choose": "Choose…",
  "form.error.emailTooLong": "That email address is too long",
  "form.error.emailSingle": "Enter a single email address",
  "form.error.emailInvalid": "Enter an email address like name@example.org",
  "form.error.invalid": "Check this value",
  "site.description": "Sign community statements and deliver them to your officials, verifiably.",

  "error.404.title": "We couldn't find that page",
  "error.404.body": "The link may be mistyped, expired, or already used.",
  "error.413.title": "That was too much to send",
  "error.413.body": "Please send less at a time and try again.",
  "error.503.title": "We're having trouble reaching our database",
  "error.503.body": "Nothing you sent was lost. Please try again in a minute.",
  "error.other.title": "Something went wrong",
  "error.other.body": "Please try again.",
  "error.server.title": "Something went wrong on our side",
  "error.server.body": "Nothing you sent was lost. Please try again in a minute.",

  "about.title": "How Undersigned works",
  "about.residents": "For residents",
  "about.residentsBody":
    "Read a statement, add your name, and confirm with the link we email you. Your signature counts only once you confirm, so nobody can sign for you. You choose how your name is shown: in full, as your first name and last initial, or not at all. Private signatures are counted and delivered to the officials by name, and never shown publicly. Your email address is never shown to anyone, not even the organizers.",
  "about.organizers": "For organizers",
  "about.organizersBody":
    "Sign in with your email address, start from a civic template, choose the officials your statement goes to, and publish. Once published, the text is locked and fingerprinted, so every signer signs the same words. You may add a Spanish translation, which is locked and fingerprinted with it.",
  "about.officials": "For officials",
  "about.officialsBody":
    "You receive the statement as a signature packet: a PDF and a spreadsheet of signatures with counts by ward, and a manifest of fingerprints that lets anyone check that nothing was added or removed. You can acknowledge receipt and answer publicly; signers who asked will hear your answer.",
} satisfies Messages;

const es: Spanish<typeof en> = {
  "nav.statements": "Declaraciones",
  "nav.organize": "Organizar",
  "nav.signIn": "Iniciar sesión",
  "nav.signOut": "Cerrar sesión",
  "nav.main": "Principal",
  "skip": "Saltar al contenido",
  "footer": "Undersigned es software libre para declaraciones comunitarias. Las firmas cuentan solo cuando se verifica su correo electrónico; las direcciones de correo nunca salen de la plataforma.",
  "language": "Idioma",
  "form.errorSummary": "Hay un problema",
  "form.errorSummaryCount": "Corrija {count, plural, one {# problema} other {# problemas}} a continuación:",
  "form.choose": "Elija…",
  "form.error.emailTooLong": "Esa dirección de correo es demasiado larga",
  "form.error.emailSingle": "Escriba una sola dirección de correo",
  "form.error.emailInvalid": "Escriba un correo electrónico como nombre@ejemplo.org",
  "form.error.invalid": "Revise este valor",
  "site.description": "Firme declaraciones comunitarias y entréguelas a sus autoridades, de forma verificable.",

  "error.404.title": "No encontramos esa página",
  "error.404.body": "Puede que el enlace tenga un error, haya vencido o ya se haya usado.",
  "error.413.title": "Eso era demasiado para enviar",
  "error.413.body": "Envíe menos a la vez e inténtelo de nuevo.",
  "error.503.title": "Tenemos problemas para llegar a nuestra base de datos",
  "error.503.body": "No se perdió nada de lo que envió. Inténtelo de nuevo en un minuto.",
  "error.other.title": "Algo salió mal",
  "error.other.body": "Inténtelo de nuevo.",
  "error.server.title": "Algo falló de nuestro lado",
  "error.server.body": "No se perdió nada de lo que envió. Inténtelo de nuevo en un minuto.",

  "about.title": "Cómo funciona Undersigned",
  "about.residents": "Para los residentes",
  "about.residentsBody":
    "Lea una declaración, añada su nombre y confirme con el enlace que le enviamos por correo. Su firma cuenta solo cuando la confirma, así que nadie puede firmar por usted. Usted elige cómo se muestra su nombre: completo, con su nombre y la inicial de su apellido, o de ninguna manera. Las firmas privadas se cuentan y se entregan con su nombre a las autoridades, y nunca se muestran públicamente. Su correo electrónico nunca se muestra a nadie, ni siquiera a quienes organizan.",
  "about.organizers": "Para quienes organizan",
  "about.organizersBody":
    "Inicie sesión con su correo electrónico, parta de una plantilla cívica, elija las autoridades a las que va dirigida su declaración y publíquela. Una vez publicada, el texto queda bloqueado y con su huella digital, así que todos firman las mismas palabras. Puede añadir una traducción al español, que queda bloqueada y con huella junto con el texto.",
  "about.officials": "Para las autoridades",
  "about.officialsBody":
    "Recibe la declaración como un paquete de firmas: un PDF y una hoja de cálculo de las firmas con recuentos por distrito, y un manifiesto de huellas digitales que permite a cualquiera comprobar que no se añadió ni se quitó nada. Puede acusar recibo y responder públicamente; los firmantes que lo pidieron recibirán su respuesta.",
};

export default { en, es };
