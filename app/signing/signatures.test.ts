import { describe, expect, it } from "vitest";
import { INITIALS_CASES } from "../../test/support/display-names";
import { translate } from "~/i18n/core";
import { NAME_MAX, publicName, type SignFormValues } from "./signatures";
import { parseSignatureInput } from "./sign-input.server";

const valid: SignFormValues = { name: "Maria Garcia", email: " Maria@Example.ORG ", ward: "outside", display: "initials", updates: "" };
const errorsOf = (values: Partial<SignFormValues>) => {
  const parsed = parseSignatureInput({ ...valid, ...values });
  if (parsed.success) return {};
  return Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
};

describe("sign form input", () => {
  it("normalizes a valid submission", () => {
    const parsed = parseSignatureInput({ ...valid, name: "  Maria \t Garcia\n", updates: "yes" });
    expect(parsed.success && parsed.data).toEqual({
      name: "Maria Garcia",
      email: "maria@example.org",
      ward: "outside",
      display: "initials",
      updates: true,
    });
  });

  it.each([
    [{ name: "" }, "name", "sign.error.nameRequired"],
    [{ name: "   " }, "name", "sign.error.nameRequired"],
    [{ name: "x".repeat(10_000) }, "name", "sign.error.nameTooLong"],
    [{ name: "Bad\u0000Name" }, "name", "sign.error.nameInvalid"],
    [{ email: "" }, "email", "sign.error.emailRequired"],
    [{ email: "not-an-email" }, "email", "sign.error.emailInvalid"],
    [{ email: "a@b.c\r\nBcc: x@y.z" }, "email", "sign.error.emailSingle"],
    [{ email: `${"a".repeat(250)}@example.org` }, "email", "sign.error.emailTooLong"],
    [{ display: "public" }, "display", "sign.error.displayUnknown"],
    [{ display: "" }, "display", "sign.error.displayUnknown"],
    [{ ward: "ward-3" }, "ward", "sign.error.wardUnknown"],
    [{ ward: "-1" }, "ward", "sign.error.wardUnknown"],
  ])("refuses %o with a message for %s", (values, field, key) => {
    expect(errorsOf(values)[field]).toBe(key);
  });

  it("says how long a name may be, in both languages", () => {
    expect(translate("en", "sign.error.nameTooLong", { max: NAME_MAX })).toBe(`Your name must be at most ${NAME_MAX} characters`);
    expect(translate("es", "sign.error.nameTooLong", { max: NAME_MAX })).toContain(`${NAME_MAX} caracteres`);
  });

  it("treats any ticked value of `updates` as consent, and its absence as none", () => {
    for (const v of ["on", "yes", "1", "true"]) expect(parseSignatureInput({ ...valid, updates: v }).data?.updates).toBe(true);
    for (const v of ["", "0", "false", "no"]) expect(parseSignatureInput({ ...valid, updates: v }).data?.updates).toBe(false);
  });
});

describe("public names", () => {
  it("shows each signer as they chose", () => {
    expect(publicName("Maria Garcia", "full")).toBe("Maria Garcia");
    for (const [name, shown] of INITIALS_CASES) expect(publicName(name, "initials")).toBe(shown);
    expect(publicName("Maria Garcia", "private")).toBeNull();
  });
});

describe("the signing catalog", () => {
  it("has every English message in Spanish", async () => {
    const [{ default: en }, { default: es }] = await Promise.all([import("~/i18n/messages/signing"), import("~/i18n/messages/es/signing")]);
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
  });
});
