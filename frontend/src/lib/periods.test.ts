import { describe, expect, it } from "vitest";
import { lastMonths } from "./periods";

describe("lastMonths", () => {
  it("covers whole past months and the current month to date", () => {
    const periods = lastMonths(3, new Date(2026, 0, 15));
    expect(periods.map((p) => [p.from, p.to])).toEqual([
      ["2025-11-01", "2025-11-30"],
      ["2025-12-01", "2025-12-31"],
      ["2026-01-01", "2026-01-15"],
    ]);
  });
});
