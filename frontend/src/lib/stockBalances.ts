/** Per (warehouse, lot) balances, kept current by stock change events. */
export type Balance = {
  productId: string;
  warehouseId: string;
  lotId: string;
  onHand: number;
  available: number;
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
