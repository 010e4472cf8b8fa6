import { describe, expect, it } from "vitest";
import { formatDate, formatNumber } from "./core";

describe("formatDate and formatNumber", () => {
  it("format per locale, in UTC, however often they are called", () => {
    const d = new Date("2026-03-05T23:45:00Z");
    for (let i = 0; i < 3; i++) {
      expect(formatDate("en", d)).toBe("March 5, 2026");
      expect(formatDate("es", d.toISOString())).toBe("5 de marzo de 2026");
      expect(formatDate("en", d, true)).toBe(d.toLocaleString("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }));
      expect(formatNumber("en", 1234567)).toBe((1234567).toLocaleString("en-US"));
      expect(formatNumber("es", 1234.5)).toBe((1234.5).toLocaleString("es-US"));
    }
  });
});
