/** Per (warehouse, lot) balances, kept current by stock change events. */
export type Balance = {
  productId: string;
  warehouseId: string;
  lotId: string;
  onHand: number;
  available: number;
  /** Quality loop: units held apart, and the lot's status. */
  held?: number;
  lotStatus?: string;
};

export type StockEvent = Balance & { cursor: string };

export const balanceKey = (warehouseId: string, lotId: string) => `${warehouseId}|${lotId}`;

export function applyStockEvent(balances: Map<string, Balance>, event: StockEvent): Map<string, Balance> {
  const next = new Map(balances);
  const { cursor: _cursor, ...balance } = event;
  next.set(balanceKey(event.warehouseId, event.lotId), balance);
  return next;
}

/** Totals per product and warehouse: product id -> warehouse id -> sums. */
export function totalsByProduct(balances: Map<string, Balance>): Map<string, Map<string, { onHand: number; available: number }>> {
  const totals = new Map<string, Map<string, { onHand: number; available: number }>>();
  for (const b of balances.values()) {
    const byWarehouse = totals.get(b.productId) ?? new Map();
    const sum = byWarehouse.get(b.warehouseId) ?? { onHand: 0, available: 0 };
    byWarehouse.set(b.warehouseId, { onHand: sum.onHand + b.onHand, available: sum.available + b.available });
    totals.set(b.productId, byWarehouse);
  }
  return totals;
}

/** A product's stock by quality status over all warehouses (as `Product.stockTotals`). */
export type StatusTotals = { available: number; released: number; quarantine: number; onHold: number; recalled: number };

export function statusTotals(balances: Map<string, Balance>, productId: string): StatusTotals {
  const t: StatusTotals = { available: 0, released: 0, quarantine: 0, onHold: 0, recalled: 0 };
  for (const b of balances.values()) {
    if (b.productId !== productId) continue;
    const held = b.held ?? 0;
    t.available += b.available;
    if (b.lotStatus === "RELEASED") {
      t.released += b.onHand - held;
      t.onHold += held;
    } else if (b.lotStatus === "QUARANTINE") t.quarantine += b.onHand;
    else if (b.lotStatus === "ON_HOLD") t.onHold += b.onHand;
    else if (b.lotStatus === "RECALLED") t.recalled += b.onHand;
  }
  return t;
}
