// The organizer's and the admin's words (sign-in, drafting, co-organizers, the
// directory, moderation): about a third of the pages' catalogs, needed by none
// of the public pages. Every route that shows them imports this module (a test
// checks it: app/i18n/areas.test.ts); importing it adds them to the lookup
// before the route's meta or component runs. The server has them from the
// start (areas.server.ts).
import { addMessages } from "./core";
import organizer from "./messages/organizer";

addMessages("en", organizer);
