import type { Catalog } from "../core";

// The statement's own words are the organizer's; these are the headings
// around them on the public page and the organizer's preview.
const catalog: Catalog = {
  en: {
    "statementText.untitled": "Untitled statement",
    "statementText.why": "Why we speak up",
    "statementText.whereas": "Whereas",
    "statementText.call": "Our call to residents",
    "statementText.ask": "What we ask of our officials",
    "statementText.pledge": "The pledge signers make",
    "statementText.recipients": "Delivered to",
    "statementText.version": "Version",
    "statementText.versionHint": "The SHA-256 of the published text. Every signature packet carries it, so anyone can check that what was delivered is what people signed.",
    "office.mayor": "Mayor",
    "office.ward_councilor": "Ward councilor",
    "office.at_large_councilor": "At-large councilor",
    "office.other": "Official",
  },
  es: {
    "statementText.untitled": "Declaración sin título",
    "statementText.why": "Por qué alzamos la voz",
    "statementText.whereas": "Considerando que",
    "statementText.call": "Nuestro llamado a los residentes",
    "statementText.ask": "Lo que pedimos a nuestras autoridades",
    "statementText.pledge": "El compromiso de quienes firman",
    "statementText.recipients": "Se entregará a",
    "statementText.version": "Versión",
    "statementText.versionHint": "El SHA-256 del texto publicado. Cada paquete de firmas lo lleva, para que cualquiera pueda comprobar que lo entregado es lo que la gente firmó.",
    "office.mayor": "Alcalde o alcaldesa",
    "office.ward_councilor": "Concejal de distrito",
    "office.at_large_councilor": "Concejal general",
    "office.other": "Autoridad",
  },
};
export default catalog;
