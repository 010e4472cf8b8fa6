import type { Messages, Spanish } from "../catalog";

// Server-only (.server): the receipt each signer gets when their signature is delivered (decision 0010).
// Never imported by client code; read through emailTranslator (app/i18n/email.server.ts).
const en = {
  "receiptEmail.subject": "Your signature was delivered: {title}",
  "receiptEmail.pending": "Your receipt for \"{title}\" is being prepared.",
  "receiptEmail.body": "Your signature on \"{title}\" ({jurisdiction}) was delivered on {date} to:",
  "receiptEmail.official": "- {name}, {office}",
  "receiptEmail.row": "Your row in the signature packet is row {row}, exactly as the officials received it:",
  "receiptEmail.hashes": "Packet integrity hash: {packet}\nMerkle root of the packet's rows ({size, plural, one {# row} other {# rows}}): {root}",
  "receiptEmail.proof": "Proof that your row is in the packet (RFC 9162 inclusion proof for leaf index {index}, nearest first):",
  "receiptEmail.check": "Anyone can check this receipt against the delivery's public manifest, in the browser:",
  "receiptEmail.paste": "Or paste this receipt into that page:",
  "receiptEmail.manifest": "The delivery's public manifest (no names, no addresses):",
  "receiptEmail.why": "You get this one email because your signature was delivered; it is sent to every signer, whether or not you asked for updates. Keep it as your receipt.",
} satisfies Messages;

const es: Spanish<typeof en> = {
  "receiptEmail.subject": "Su firma fue entregada: {title}",
  "receiptEmail.pending": "Su comprobante de \"{title}\" se está preparando.",
  "receiptEmail.body": "Su firma en \"{title}\" ({jurisdiction}) fue entregada el {date} a:",
  "receiptEmail.official": "- {name}, {office}",
  "receiptEmail.row": "Su fila en el paquete de firmas es la fila {row}, tal como la recibieron los funcionarios:",
  "receiptEmail.hashes": "Hash de integridad del paquete: {packet}\nRaíz de Merkle de las filas del paquete ({size, plural, one {# fila} other {# filas}}): {root}",
  "receiptEmail.proof": "Prueba de que su fila está en el paquete (prueba de inclusión RFC 9162 para el índice de hoja {index}, la más cercana primero):",
  "receiptEmail.check": "Cualquiera puede comprobar este comprobante con el manifiesto público de la entrega, en el navegador:",
  "receiptEmail.paste": "O pegue este comprobante en esa página:",
  "receiptEmail.manifest": "El manifiesto público de la entrega (sin nombres ni direcciones):",
  "receiptEmail.why": "Recibe este único correo porque su firma fue entregada; se envía a cada firmante, haya pedido o no recibir novedades. Guárdelo como su comprobante.",
};

export default { en, es };
