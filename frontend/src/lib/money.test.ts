import { describe, expect, it } from "vitest";
import { compareDecimals, lineNet, parseDecimal, sumDecimals } from "./money";

describe("money", () => {
  it("computes a discounted line net exactly, rounding half up to cents", () => {
    expect(lineNet("32.50", 1000, "15")).toBe("27625.00");
    expect(lineNet("0.05", 1, "50")).toBe("0.03"); // 0.025 rounds up
    expect(lineNet("18.90", 3, "")).toBe("56.70");
  });

  it("does not lose cents the way floats do", () => {
    expect(sumDecimals(["0.10", "0.20"])).toBe("0.30");
  });

  it("rejects what is not a decimal", () => {
    expect(parseDecimal("abc")).toBeNull();
    expect(parseDecimal("1.23456")).toBeNull();
    expect(lineNet("x", 1, "0")).toBeNull();
  });

  it("compares decimals by value", () => {
    expect(compareDecimals("10.5", "10.50")).toBe(0);
    expect(compareDecimals("15", "10")).toBe(1);
  });
});
