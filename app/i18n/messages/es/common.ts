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
    "Lea una declaración, añada su nombre y confirme con el enlace que le enviamos por correo. Su firma cuenta solo cuando la confirma, así que nadie puede firmar por usted. Usted elige cómo se muestra su nombre: completo, con su nombre y la inicial de su apellido, o de ninguna manera. Las firmas privadas se cuentan y se entregan con su nombre a las autoridades, y nunca se muestran públicamente. Su correo electrónico nunca se muestra a nadie, ni siquiera a quienes organizan.",
  "about.organizers": "Para quienes organizan",
  "about.organizersBody":
    "Inicie sesión con su correo electrónico, parta de una plantilla cívica, elija las autoridades a las que va dirigida su declaración y publíquela. Una vez publicada, el texto queda bloqueado y con su huella digital, así que todos firman las mismas palabras. Puede añadir una traducción al español, que queda bloqueada y con huella junto con el texto.",
  "about.officials": "Para las autoridades",
  "about.officialsBody":
    "Recibe la declaración como un paquete de firmas: un PDF y una hoja de cálculo de las firmas con recuentos por distrito, y un manifiesto de huellas digitales que permite a cualquiera comprobar que no se añadió ni se quitó nada. Puede acusar recibo y responder públicamente; los firmantes que lo pidieron recibirán su respuesta.",

  "footer.privacy": "Privacidad: quién ve qué",
  "about.privacy": "Quién ve su nombre, qué guardamos, por cuánto tiempo, y cómo cambiarlo o borrarlo: lea nuestra página de privacidad.",
  "privacy.title": "Privacidad: quién ve qué, qué guardamos y por cuánto tiempo",
  "privacy.intro": "Undersigned pide lo mínimo para contar su firma y entregarla, y no lo guarda más de lo necesario. Esta página dice exactamente qué pasa con lo que nos da.",
  "privacy.kept": "Qué guardamos, y para qué",
  "privacy.kept.name": "Su nombre y cómo eligió mostrarlo: para mostrarlo en público si lo permitió, y para entregar su firma a las autoridades como eligió.",
  "privacy.kept.email": "Su correo electrónico: para confirmar que la firma es suya, así nadie firma en su nombre, y para contar a cada persona una vez. Nunca se muestra, ni se entrega a quienes organizan ni a las autoridades.",
  "privacy.kept.ward": "Su distrito, si la declaración lo pide: para que las autoridades sepan cuántas personas de su distrito firmaron.",
  "privacy.kept.network": "La dirección de red desde la que firmó: para limitar abusos, como muchas firmas desde un mismo lugar. Nunca se muestra.",
  "privacy.kept.updates": "Si pidió noticias: solo entonces le llegan las novedades de quienes organizan y las respuestas de las autoridades.",
  "privacy.howLong": "Por cuánto tiempo",
  "privacy.howLong.body": "{months, plural, one {# mes} other {# meses}} después de la última entrega de una declaración a las autoridades o de su fecha límite, lo que ocurra más tarde, borramos los nombres, correos electrónicos y direcciones de red de sus firmantes, y eliminamos los archivos de los paquetes que llevan nombres. Queda solo un recuento: el estado, el distrito y las fechas de cada firma, y las huellas de los paquetes, para poder comprobar los totales. Los correos que enviamos se borran pasado el mismo tiempo; los enlaces de acceso y los contadores contra abusos, en pocos días.",
  "privacy.officialsCopies": "Un paquete que una autoridad recibió es suyo: no podemos borrar su copia, y en muchos lugares es un registro público.",
  "privacy.rights": "Sus opciones, y cómo usarlas",
  "privacy.rights.intro": "En la página «Mis firmas», escriba su correo electrónico: si firmó algo, le enviamos un enlace. Desde ese enlace puede:",
  "privacy.rights.change": "cambiar cómo aparece su nombre, hasta que la declaración se entregue;",
  "privacy.rights.withdraw": "retirar una firma: deja de contar y no entra en ninguna entrega posterior;",
  "privacy.rights.erase": "borrar sus datos: al instante para las firmas que no confirmó o que retiró; una firma entregada conserva solo lo que ya lleva el paquete;",
  "privacy.rights.export": "descargar todo lo que guardamos sobre usted, en JSON.",
  "privacy.rights.go": "Ir a mis firmas",
  "privacy.rights.emails": "Cada correo de confirmación trae además un enlace para retirar la firma, y cada correo de noticias uno para dejar de recibirlas.",
};

export default es;
