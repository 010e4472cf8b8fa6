// The organizer's words for the server, loaded with it. In the browser this
// `.server` module is empty; there the pages that show these words import
// organizer-messages.ts, so readers of public pages never download them.
export { default as ORGANIZER_EN } from "./messages/organizer";
