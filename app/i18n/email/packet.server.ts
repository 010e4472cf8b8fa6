import type { Messages, Spanish } from "../catalog";

// Server-only (.server): The packet PDF's words: rendered only on the server, like the emails.
// Never imported by client code; read through emailTranslator (app/i18n/email.server.ts).
const en = {
  "packet.heading": "Signed statement",
  "packet.supplement": "Supplement {sequence}: only the signatures verified since the previous delivery",
  "packet.jurisdiction": "Jurisdiction",
  "packet.deliveredAt": "Delivered",
  "packet.versionHash": "Statement version hash (SHA-256 of the text)",
  "packet.integrity": "Packet integrity hash",
  "packet.totals": "Verified signatures",
  "packet.byWard": "Signers by ward",
  "packet.ward": "Ward",
  "packet.councilor": "Councilor",
  "packet.signers": "Signers",
  "packet.outside": "Outside {jurisdiction}",
  "packet.wardNotGiven": "Ward not given",
  "packet.text": "The statement",
  "packet.whereas": "Whereas",
  "packet.signatures": "Signatures",
  "packet.col.number": "#",
  "packet.col.name": "Name",
  "packet.col.ward": "Ward",
  "packet.col.verified": "Verified",
  "packet.outsideShort": "Outside",
  "packet.page": "Page {page} of {pages}",
  "packet.howToVerify": "Each signer confirmed their email address; addresses are kept on the platform and never shared. The CSV file holds the same rows; its manifest lists the SHA-256 of the CSV and a hash chain over its rows, so anyone holding the CSV can check that no signature was added, removed or changed.",
  "packet.noSignatures": "This packet holds no signatures.",
} satisfies Messages;

const es: Spanish<typeof en> = {
  "packet.heading": "Declaración firmada",
  "packet.supplement": "Suplemento {sequence}: solo las firmas verificadas desde la entrega anterior",
  "packet.jurisdiction": "Jurisdicción",
  "packet.deliveredAt": "Entregada",
  "packet.versionHash": "Hash de versión de la declaración (SHA-256 del texto)",
  "packet.integrity": "Hash de integridad del paquete",
  "packet.totals": "Firmas verificadas",
  "packet.byWard": "Firmantes por distrito",
  "packet.ward": "Distrito",
  "packet.councilor": "Concejal",
  "packet.signers": "Firmantes",
  "packet.outside": "Fuera de {jurisdiction}",
  "packet.wardNotGiven": "Distrito no indicado",
  "packet.text": "La declaración",
  "packet.whereas": "Considerando",
  "packet.signatures": "Firmas",
  "packet.col.number": "#",
  "packet.col.name": "Nombre",
  "packet.col.ward": "Distrito",
  "packet.col.verified": "Verificada",
  "packet.outsideShort": "Fuera",
  "packet.page": "Página {page} de {pages}",
  "packet.howToVerify": "Cada firmante confirmó su correo electrónico; las direcciones se guardan en la plataforma y nunca se comparten. El archivo CSV tiene las mismas filas; su manifiesto indica el SHA-256 del CSV y una cadena de hashes sobre sus filas, para que cualquiera que tenga el CSV pueda comprobar que no se añadió, quitó ni cambió ninguna firma.",
  "packet.noSignatures": "Este paquete no contiene firmas.",
};

export default { en, es };
