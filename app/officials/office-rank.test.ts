import { describe, expect, it } from "vitest";
import { OFFICES } from "../../db/states";
import { groupByOffice, OFFICE_ORDER } from "./office-rank";

describe("the office order", () => {
  it("ranks every office exactly once", () => {
    expect([...OFFICE_ORDER].sort()).toEqual([...OFFICES].sort());
  });

  it("groups officials by office in that order, keeping each group's order", () => {
    const officials = [
      { name: "B", office: "at_large_councilor" as const },
      { name: "C", office: "ward_councilor" as const },
      { name: "A", office: "ward_councilor" as const },
      { name: "M", office: "mayor" as const },
    ];
    expect(groupByOffice(officials).map((g) => [g.office, g.officials.map((o) => o.name)])).toEqual([
      ["mayor", ["M"]],
      ["ward_councilor", ["C", "A"]],
      ["at_large_councilor", ["B"]],
    ]);
  });
});
