import type { Catalog } from "../core";

const catalog: Catalog = {
  en: {
    "nav.statements": "Statements",
    "nav.organize": "Organize",
    "nav.signIn": "Sign in",
    "nav.signOut": "Sign out",
    "nav.main": "Main",
    "skip": "Skip to content",
    "footer": "Undersigned is open-source software for community statements. Signatures count only once their email address is verified; email addresses never leave the platform.",
    "language": "Language",
    "form.errorSummary": "There is a problem",
    "form.errorSummaryCount": "Please fix {count} problem(s) below:",
  },
  es: {
    "nav.statements": "Declaraciones",
    "nav.organize": "Organizar",
    "nav.signIn": "Iniciar sesión",
    "nav.signOut": "Cerrar sesión",
    "nav.main": "Principal",
    "skip": "Saltar al contenido",
    "footer": "Undersigned es software libre para declaraciones comunitarias. Las firmas cuentan solo cuando se verifica su correo electrónico; las direcciones de correo nunca salen de la plataforma.",
    "language": "Idioma",
    "form.errorSummary": "Hay un problema",
    "form.errorSummaryCount": "Corrija {count} problema(s) a continuación:",
  },
};
export default catalog;
