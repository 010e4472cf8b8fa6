import { describe, expect, it } from "vitest";
import { signatureConfirmationEmail, signatureVerificationEmail } from "./signing-emails.server";

const statement = { slug: "safe-streets", title: "Safe\nstreets  for all", titleEs: "Calles seguras" };

describe("signer emails", () => {
  it("link to the verification page, in the signer's language, with a one-line subject", () => {
    const en = signatureVerificationEmail({
      signer: { to: "maria@example.org", name: "Maria Garcia", display: "initials", locale: "en" },
      statement,
      token: "tok",
      appUrl: "https://undersigned.example",
    });
    expect(en).toMatchObject({ kind: "signature_verification", to: "maria@example.org", subject: "Confirm your signature: Safe streets for all" });
    expect(en.text).toContain("https://undersigned.example/signatures/verify?token=tok");
    expect(en.text).toContain("Maria G.");

    const es = signatureVerificationEmail({
      signer: { to: "maria@example.org", name: "Maria Garcia", display: "private", locale: "es" },
      statement,
      token: "tok",
      appUrl: "https://undersigned.example",
    });
    expect(es.subject).toBe("Confirme su firma: Calles seguras");
    expect(es.text).not.toContain("Maria G.");
  });

  it("confirm with the statement's page and the withdraw link", () => {
    const mail = signatureConfirmationEmail({
      signer: { to: "ana@example.org", name: "Ana", display: "full", locale: "en" },
      statement,
      withdrawToken: "w",
      appUrl: "https://undersigned.example",
    });
    expect(mail).toMatchObject({ kind: "signature_confirmation", to: "ana@example.org", subject: "Your signature counts: Safe streets for all" });
    expect(mail.text).toContain("https://undersigned.example/statements/safe-streets");
    expect(mail.text).toContain("https://undersigned.example/signatures/withdraw?token=w");
  });
});
