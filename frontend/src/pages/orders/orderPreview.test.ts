import { describe, expect, it } from "vitest";
import { matchLines, type Preview } from "./orderPreview";

const priced = (productId: string, quantity: number) => ({
  product: { id: productId },
  quantity,
  unitPrice: "1.00",
  listPrice: "1.00",
  discountPercent: "0",
  taxRate: "0.09",
  lineTotal: String(quantity),
  availableQuantity: 100,
});
const preview = (lines: ReturnType<typeof priced>[], problemAt: number[] = []) =>
  ({
    lines,
    userErrors: problemAt.map((i) => ({ field: ["input", "lines", String(i), "discountPercent"], message: "x", code: "INVALID" })),
  }) as unknown as Preview;
const totals = (matched: ReturnType<typeof matchLines>) => matched.map((l) => l?.lineTotal);

describe("matching preview lines to the form", () => {
  const requested = [
    { productId: "a", quantity: 5 },
    { productId: "a", quantity: 5 },
    { productId: "b", quantity: 2 },
  ];

  it("pairs every line when none is left out", () => {
    expect(totals(matchLines(requested, preview([priced("a", 5), priced("a", 5), priced("b", 2)])))).toEqual(["5", "5", "2"]);
  });

  it("skips the lines the server has a problem with", () => {
    // The first of two identical lines has the problem: the price belongs to the second.
    const matched = matchLines(requested, preview([priced("a", 5), priced("b", 2)], [0]));
    expect(matched[0]).toBeUndefined();
    expect(totals(matched).slice(1)).toEqual(["5", "2"]);
  });

  it("falls back to product and quantity in order", () => {
    const matched = matchLines(requested, preview([priced("b", 2)]));
    expect(totals(matched)).toEqual([undefined, undefined, "2"]);
  });
});
