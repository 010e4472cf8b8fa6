// The campaign's words (the home page's list, the organizer's dashboard and
// updates, the signer's unsubscribe page), needed by none of the statement's
// own pages. Every route that shows them imports this module (checked by
// app/i18n/areas.test.ts); importing it adds them to the lookup before the
// route's meta or component runs. The server has them from the start
// (areas.server.ts).
import { addMessages } from "./core";
import campaign from "./messages/campaign";

addMessages("en", campaign);
