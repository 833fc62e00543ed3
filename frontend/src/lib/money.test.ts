import { describe, expect, it } from "vitest";
import { parseDecimal } from "./money";

describe("money input", () => {
  it("reads a decimal exactly", () => {
    expect(parseDecimal("32.50")).toBe(325_000n);
    expect(parseDecimal("-0.1")).toBe(-1_000n);
    expect(parseDecimal("15")).toBe(150_000n);
  });

  it("rejects what is not a decimal", () => {
    expect(parseDecimal("abc")).toBeNull();
    expect(parseDecimal("1.23456")).toBeNull();
    expect(parseDecimal(".")).toBeNull();
  });
});
