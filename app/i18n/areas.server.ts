// The areas' words for the server, loaded with it. In the browser this
// `.server` module is empty; there the pages that show these words import
// organizer-messages.ts or campaign-messages.ts, so readers of the public
// pages never download them.
export { default as CAMPAIGN_EN } from "./messages/campaign";
export { default as ORGANIZER_EN } from "./messages/organizer";
