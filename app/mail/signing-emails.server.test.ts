import { describe, expect, it } from "vitest";
import { signatureConfirmationEmail, signatureVerificationEmail } from "./signing-emails.server";

const statement = { slug: "safe-streets", title: "Safe\nstreets  for all", titleEs: "Calles seguras" };
const appUrl = "https://undersigned.example";
const verification = (signer: Parameters<typeof signatureVerificationEmail>[0]["signer"]) =>
  signatureVerificationEmail({ signer, statement, token: "tok", appUrl });

describe("signer emails", () => {
  it("link to the verification page, in the signer's language, with a one-line subject", () => {
    const en = verification({ to: "maria@example.org", name: "Maria Garcia", display: "initials", locale: "en" });
    expect(en).toMatchObject({ kind: "signature_verification", to: "maria@example.org", subject: "Confirm your signature: Safe streets for all" });
    expect(en.text).toContain(`${appUrl}/signatures/verify?token=tok`);
    expect(en.text).toContain("Maria G.");

    const es = verification({ to: "maria@example.org", name: "Maria Garcia", display: "private", locale: "es" });
    expect(es.subject).toBe("Confirme su firma: Calles seguras");
    expect(es.text).not.toContain("Maria G.");
  });

  it("confirm with the statement's page and the withdraw link", () => {
    const mail = signatureConfirmationEmail({ signer: { to: "ana@example.org", name: "Ana", display: "full", locale: "en" }, statement, withdrawToken: "w", appUrl });
    expect(mail).toMatchObject({ kind: "signature_confirmation", to: "ana@example.org", subject: "Your signature counts: Safe streets for all" });
    expect(mail.text).toContain(`${appUrl}/statements/safe-streets`);
    expect(mail.text).toContain(`${appUrl}/signatures/withdraw?token=w`);
  });
});
