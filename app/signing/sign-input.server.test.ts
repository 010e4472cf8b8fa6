import { describe, expect, it } from "vitest";
import { parseSignatureInput } from "./sign-input.server";

const form = (name: string) => ({ name, email: "maria@example.org", ward: "outside", display: "full", updates: "" });

describe("a signer's name", () => {
  it("loses its zero-width characters and bidirectional controls", () => {
    const invisible = ["\u200b", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2060", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff"];
    for (const c of invisible) {
      const parsed = parseSignatureInput(form(`Ma${c}ria ${c}Garcia${c}`));
      expect(parsed.success && parsed.data.name, `U+${c.codePointAt(0)!.toString(16)}`).toBe("Maria Garcia");
    }
    // "Rosa" shown reversed by a right-to-left override.
    const parsed = parseSignatureInput(form("\u202easoR Martinez"));
    expect(parsed.success && parsed.data.name).toBe("asoR Martinez");
  });

  it("keeps a joiner only between two visible characters, where it is spelling", () => {
    for (const [typed, kept] of [
      ["\u200dMaria\u200c Garcia\u200d", "Maria Garcia"],
      ["Maria \u200d\u200c Garcia", "Maria Garcia"],
      ["👩🏽\u200d🚀 Ada", "👩🏽\u200d🚀 Ada"],
      ["👩🏽\u200d\u200d\u200d🚀 Ada", "👩🏽\u200d🚀 Ada"],
      ["می\u200cخواهم", "می\u200cخواهم"],
    ]) {
      const parsed = parseSignatureInput(form(typed));
      expect(parsed.success && parsed.data.name).toBe(kept);
    }
  });

  it("is a field error when nothing visible is left", () => {
    const parsed = parseSignatureInput(form("\u200b\u2066\u202e \ufeff\u200d"));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ["name"], message: "sign.error.nameRequired" })]);
  });

  it("keeps letters of every script", () => {
    const parsed = parseSignatureInput(form("José Núñez مريم 李"));
    expect(parsed.success && parsed.data.name).toBe("José Núñez مريم 李");
  });
});
