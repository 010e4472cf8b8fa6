// The pages' Spanish messages, in one chunk of their own: the browser fetches
// it only for a Spanish reader (loadLocale, before hydrating); the server has
// it from the start (spanish.server.ts).
import campaign from "./campaign";
import common from "./common";
import delivery from "./delivery";
import organizer from "./organizer";
import signing from "./signing";

export const SPANISH_UI = [common, signing, organizer, campaign, delivery];
