import type { Messages, Spanish } from "../catalog";

// Server-only (.server): An organizer's update as emailed to signers (the words around the organizer's own text).
// Never imported by client code; read through emailTranslator (app/i18n/email.server.ts).
const en = {
  "updates.email.intro": "An update from the organizers of “{title}”:",
  "updates.email.why": "You are receiving this because you signed “{title}” and asked for updates.",
  "updates.email.read": "Read the statement:",
  "updates.email.unsubscribe": "Stop updates about this statement:",
} satisfies Messages;

const es: Spanish<typeof en> = {
  "updates.email.intro": "Novedades de los organizadores de «{title}»:",
  "updates.email.why": "Recibe este mensaje porque firmó «{title}» y pidió recibir novedades.",
  "updates.email.read": "Lea la declaración:",
  "updates.email.unsubscribe": "Dejar de recibir novedades de esta declaración:",
};

export default { en, es };
