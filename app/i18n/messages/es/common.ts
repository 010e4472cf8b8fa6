import type { Spanish } from "../../catalog";
import type en from "../common";

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
  "form.choose": "Elija…",
  "form.error.emailTooLong": "Esa dirección de correo es demasiado larga",
  "form.error.emailSingle": "Escriba una sola dirección de correo",
  "form.error.emailInvalid": "Escriba un correo electrónico como nombre@ejemplo.org",
  "form.error.invalid": "Revise este valor",
  "site.description": "Firme declaraciones comunitarias y entréguelas a sus autoridades, de forma verificable.",
  "home.title": "Undersigned — declaraciones comunitarias",

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
    "Lea una declaración, añada su nombre y confirme con el enlace que le enviamos por correo. Su firma cuenta solo cuando la confirma, así que nadie puede firmar por usted. Usted elige cómo se muestra su nombre: completo, con su nombre y la inicial de su apellido, o de ninguna manera. Las firmas privadas se cuentan y se entregan con su nombre a las autoridades, y nunca se muestran públicamente; las anónimas se cuentan, con su distrito, y su nombre no se da a nadie. Su correo electrónico nunca se muestra a nadie, ni siquiera a quienes organizan.",
  "about.organizers": "Para quienes organizan",
  "about.organizersBody":
    "Inicie sesión con su correo electrónico, parta de una plantilla cívica, elija las autoridades a las que va dirigida su declaración y publíquela. Una vez publicada, el texto queda bloqueado y con su huella digital, así que todos firman las mismas palabras. Puede añadir una traducción al español, que queda bloqueada y con huella junto con el texto.",
  "about.officials": "Para las autoridades",
  "about.officialsBody":
    "Recibe la declaración como un paquete de firmas: un PDF y una hoja de cálculo de las firmas con recuentos por distrito, y un manifiesto de huellas digitales que permite a cualquiera comprobar que no se añadió ni se quitó nada. Puede acusar recibo y responder públicamente; los firmantes que lo pidieron recibirán su respuesta.",

  "footer.privacy": "Privacidad: quién ve qué",
  "about.privacy": "Quién ve su nombre, qué guardamos, por cuánto tiempo, y cómo cambiarlo o borrarlo: lea nuestra página de privacidad.",
};

export default es;
