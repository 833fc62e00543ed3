import { describe, expect, it } from "vitest";
import { applyStockEvent, balanceKey, totalsByProduct, type Balance } from "./stockBalances";

const balance = (lotId: string, onHand: number, available = onHand): Balance => ({
  productId: "p1",
  warehouseId: "w1",
  lotId,
  onHand,
  available,
});

describe("stock balances", () => {
  it("sums lots per product and warehouse", () => {
    const balances = new Map([
      [balanceKey("w1", "a"), balance("a", 10, 8)],
      [balanceKey("w1", "b"), balance("b", 5)],
    ]);
    expect(totalsByProduct(balances).get("p1")?.get("w1")).toEqual({ onHand: 15, available: 13 });
  });

  it("replaces a lot's balance with the event's figures and adds new lots", () => {
    let balances = new Map([[balanceKey("w1", "a"), balance("a", 10)]]);
    balances = applyStockEvent(balances, { ...balance("a", 4), cursor: "1" });
    balances = applyStockEvent(balances, { ...balance("c", 7), cursor: "2" });
    expect(totalsByProduct(balances).get("p1")?.get("w1")).toEqual({ onHand: 11, available: 11 });
  });
});
