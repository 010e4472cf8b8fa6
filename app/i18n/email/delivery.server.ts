import type { Messages, Spanish } from "../catalog";

// Server-only (.server): Delivery's emails: the packet to each official, an official's answer to signers, and the organizer's notice.
// Never imported by client code; read through emailTranslator (app/i18n/email.server.ts).
const en = {
  "officialEmail.subject": "Signed statement for you: {title} ({count, plural, one {# verified signature} other {# verified signatures}})",
  "officialEmail.subjectSupplement": "More signatures for: {title} ({count} verified since the last delivery)",
  "officialEmail.greeting": "Dear {name},",
  "officialEmail.body": "Residents have signed the statement \"{title}\" ({jurisdiction}) and asked us to deliver it to you. It carries {count, plural, one {# verified signature} other {# verified signatures}}.",
  "officialEmail.bodySupplement": "This is supplement {sequence} to the statement \"{title}\" ({jurisdiction}): {count, plural, one {# signature verified} other {# signatures verified}} since the previous delivery.",
  "officialEmail.ward": "{count, plural, one {# of these signers is from your ward, {ward}.} other {# of these signers are from your ward, {ward}.}}",
  "officialEmail.attached": "The signature packet is attached: a PDF to read and a CSV of the same rows.",
  "officialEmail.notAttached": "The signature packet is too large to attach; download the PDF and CSV from your page.",
  "officialEmail.page": "Your private page, where you can read the statement, download the packet and its manifest, acknowledge receipt and write a public response (no account needed):",
  "officialEmail.private": "The link is yours alone; please do not forward it outside your office.",
  "officialEmail.hashes": "Packet integrity hash: {packet}\nStatement version hash: {version}",
  "officialEmail.footer": "Sent by Undersigned on behalf of the statement's organizers. Signers' email addresses are never shared.",
  "responseEmail.subject": "{name} responded to \"{title}\"",
  "responseEmail.body": "{name} ({office}) has responded to the statement you signed, \"{title}\":",
  "responseEmail.link": "Read it on the statement's page:",
  "responseEmail.why": "You get this email because you asked to hear about the officials' answers when you signed.",
  "organizerEmail.subject": "{name} responded to \"{title}\"",
  "organizerEmail.body": "{name} ({office}) has published a response to your statement \"{title}\":",
  "organizerEmail.link": "See every official's delivery status:",
} satisfies Messages;

const es: Spanish<typeof en> = {
  "officialEmail.subject": "Declaración firmada para usted: {title} ({count, plural, one {# firma verificada} other {# firmas verificadas}})",
  "officialEmail.subjectSupplement": "Más firmas para: {title} ({count, plural, one {# verificada} other {# verificadas}} desde la última entrega)",
  "officialEmail.greeting": "Estimado/a {name}:",
  "officialEmail.body": "Residentes han firmado la declaración \"{title}\" ({jurisdiction}) y nos pidieron entregársela. Lleva {count, plural, one {# firma verificada} other {# firmas verificadas}}.",
  "officialEmail.bodySupplement": "Este es el suplemento {sequence} de la declaración \"{title}\" ({jurisdiction}): {count, plural, one {# firma verificada} other {# firmas verificadas}} desde la entrega anterior.",
  "officialEmail.ward": "{count, plural, one {# de estos firmantes es de su distrito, {ward}.} other {# de estos firmantes son de su distrito, {ward}.}}",
  "officialEmail.attached": "El paquete de firmas va adjunto: un PDF para leer y un CSV con las mismas filas.",
  "officialEmail.notAttached": "El paquete de firmas es demasiado grande para adjuntarlo; descargue el PDF y el CSV desde su página.",
  "officialEmail.page": "Su página privada, donde puede leer la declaración, descargar el paquete y su manifiesto, confirmar la recepción y escribir una respuesta pública (no necesita cuenta):",
  "officialEmail.private": "El enlace es solo para usted; no lo reenvíe fuera de su oficina.",
  "officialEmail.hashes": "Hash de integridad del paquete: {packet}\nHash de versión de la declaración: {version}",
  "officialEmail.footer": "Enviado por Undersigned en nombre de los organizadores. Las direcciones de correo de los firmantes nunca se comparten.",
  "responseEmail.subject": "{name} respondió a \"{title}\"",
  "responseEmail.body": "{name} ({office}) respondió a la declaración que usted firmó, \"{title}\":",
  "responseEmail.link": "Léala en la página de la declaración:",
  "responseEmail.why": "Recibe este correo porque al firmar pidió saber las respuestas de los funcionarios.",
  "organizerEmail.subject": "{name} respondió a \"{title}\"",
  "organizerEmail.body": "{name} ({office}) publicó una respuesta a su declaración \"{title}\":",
  "organizerEmail.link": "Vea el estado de entrega de cada funcionario:",
};

export default { en, es };
