import type { Messages } from "../catalog";

const en = {
  "nav.statements": "Statements",
  "nav.organize": "Organize",
  "nav.signIn": "Sign in",
  "nav.signOut": "Sign out",
  "nav.main": "Main",
  "skip": "Skip to content",
  "footer": "Undersigned is open-source software for community statements. Signatures count only once their email address is verified; email addresses never leave the platform.",
  "language": "Language",
  "form.errorSummary": "There is a problem",
  "form.choose": "Choose…",
  "form.error.emailTooLong": "That email address is too long",
  "form.error.emailSingle": "Enter a single email address",
  "form.error.emailInvalid": "Enter an email address like name@example.org",
  "form.error.invalid": "Check this value",
  "site.description": "Sign community statements and deliver them to your officials, verifiably.",
  "home.title": "Undersigned — community statements",

  "error.404.title": "We couldn't find that page",
  "error.404.body": "The link may be mistyped, expired, or already used.",
  "error.413.title": "That was too much to send",
  "error.413.body": "Please send less at a time and try again.",
  "error.503.title": "We're having trouble reaching our database",
  "error.503.body": "Nothing you sent was lost. Please try again in a minute.",
  "error.other.title": "Something went wrong",
  "error.other.body": "Please try again.",
  "error.server.title": "Something went wrong on our side",
  "error.server.body": "Nothing you sent was lost. Please try again in a minute.",

  "about.title": "How Undersigned works",
  "about.residents": "For residents",
  "about.residentsBody":
    "Read a statement, add your name, and confirm with the link we email you. Your signature counts only once you confirm, so nobody can sign for you. You choose how your name is shown: in full, as your first name and last initial, or not at all. Private signatures are counted and delivered to the officials by name, and never shown publicly; anonymous ones are counted, with their ward, and named to nobody. Your email address is never shown to anyone, not even the organizers.",
  "about.organizers": "For organizers",
  "about.organizersBody":
    "Sign in with your email address, start from a civic template, choose the officials your statement goes to, and publish. Once published, the text is locked and fingerprinted, so every signer signs the same words. You may add a Spanish translation, which is locked and fingerprinted with it.",
  "about.officials": "For officials",
  "about.officialsBody":
    "You receive the statement as a signature packet: a PDF and a spreadsheet of signatures with counts by ward, and a manifest of fingerprints that lets anyone check that nothing was added or removed. You can acknowledge receipt and answer publicly; signers who asked will hear your answer.",

  "footer.privacy": "Privacy: who sees what",
  "about.privacy": "Who sees your name, what we keep, for how long, and how to change or erase it: read our privacy page.",
} satisfies Messages;

export default en;
