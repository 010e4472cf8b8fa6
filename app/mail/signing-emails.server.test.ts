import { describe, expect, it } from "vitest";
import { signatureConfirmationEmail, submissionEmail, type SignerChoices } from "./signing-emails.server";

const statement = { slug: "safe-streets", title: "Safe\nstreets  for all", titleEs: "Calles seguras", jurisdiction: "Northampton" };
const appUrl = "https://undersigned.example";
const choices = (over: Partial<SignerChoices> = {}): SignerChoices => ({ name: "Maria Garcia", display: "initials", ward: { name: "Ward 3" }, updates: true, ...over });
const submission = (over: Partial<SignerChoices>, locale: "en" | "es" = "en", change = false) =>
  submissionEmail({ signer: { to: "maria@example.org", locale, choices: choices(over) }, statement, token: "tok", appUrl, change });

describe("signer emails", () => {
  it("link to the verification page, in the signer's language, with a one-line subject", () => {
    const en = submission({});
    expect(en).toMatchObject({ kind: "signature_verification", to: "maria@example.org", subject: "Confirm your signature: Safe streets for all" });
    expect(en.text).toContain(`${appUrl}/signatures/verify?token=tok`);

    const es = submission({ display: "private" }, "es");
    expect(es.subject).toBe("Confirme su firma: Calles seguras");
    expect(es.text).toContain("Su nombre no aparece en este sitio");
    expect(es.text).not.toContain("Maria G.");
  });

  it("state exactly the choices the link applies: name, display, ward, updates", () => {
    const mail = submission({});
    expect(mail.text).toContain("Your name: Maria Garcia");
    expect(mail.text).toContain("shown as “Maria G.”");
    expect(mail.text).toContain("Where you live: Ward 3");
    expect(mail.text).toContain("News about this statement: yes");

    const other = submission({ display: "full", ward: "outside", updates: false });
    expect(other.text).toContain("shown as “Maria Garcia”");
    expect(other.text).toContain("Where you live: not in Northampton");
    expect(other.text).toContain("News about this statement: no");
    expect(submission({ ward: null }).text).not.toContain("Where you live");
  });

  it("ask a confirmed address whether its choices changed, and say nothing changes without the button", () => {
    for (const locale of ["en", "es"] as const) {
      const mail = submission({ name: "Rosa Martinez", display: "full" }, locale, true);
      expect(mail.kind).toBe("signature_change");
      expect(mail.text).toContain(`${appUrl}/signatures/verify?token=tok`);
      expect(mail.text).toContain("Rosa Martinez");
      expect(mail.text).toMatch(locale === "en" ? /Nothing changes unless you confirm/ : /Nada cambia si usted no lo confirma/);
    }
  });

  it("confirm with the statement's page, the withdraw link and the choices applied", () => {
    const mail = signatureConfirmationEmail({
      signer: { to: "ana@example.org", locale: "en", choices: choices({ name: "Ana", display: "private" }) },
      statement,
      withdrawToken: "w",
      appUrl,
    });
    expect(mail).toMatchObject({ kind: "signature_confirmation", to: "ana@example.org", subject: "Your signature counts: Safe streets for all" });
    expect(mail.text).toContain(`${appUrl}/statements/safe-streets`);
    expect(mail.text).toContain(`${appUrl}/signatures/withdraw?token=w`);
    expect(mail.text).toContain("Your name is not shown on this site");
  });
});
