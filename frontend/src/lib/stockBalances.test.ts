import { describe, expect, it } from "vitest";
import { applyStockEvent, balanceKey, statusTotals, totalsByProduct, type Balance } from "./stockBalances";

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

  it("splits a product's stock by quality status, held units apart", () => {
    const balances = new Map([
      [balanceKey("w1", "a"), { ...balance("a", 10, 6), held: 4, lotStatus: "RELEASED" }],
      [balanceKey("w1", "b"), { ...balance("b", 5, 0), lotStatus: "QUARANTINE" }],
      [balanceKey("w2", "c"), { ...balance("c", 3, 0), lotStatus: "ON_HOLD" }],
      [balanceKey("w2", "d"), { ...balance("d", 2, 0), lotStatus: "RECALLED" }],
    ]);
    expect(statusTotals(balances, "p1")).toEqual({ available: 6, released: 6, quarantine: 5, onHold: 7, recalled: 2 });
  });
});
