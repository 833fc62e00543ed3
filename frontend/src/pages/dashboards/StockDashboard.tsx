import { useEffect, useMemo, useRef, useState } from "react";
import { Link } from "react-router";
import { useQuery, useSubscription } from "urql";
import { useAuth } from "../../auth/AuthProvider";
import { LiveIndicator, type LiveState } from "../../components/LiveIndicator";
import { Empty, ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { describeError } from "../../lib/errors";
import { formatDateTime, formatNumber, humanize } from "../../lib/format";
import {
  applyStockEvent,
  balanceKey,
  statusTotals,
  totalsByProduct,
  type Balance,
  type StatusTotals,
} from "../../lib/stockBalances";

// A product's stock over all warehouses by quality status.
const STATUS_COLUMNS: [keyof StatusTotals, string][] = [
  ["available", "Available"],
  ["released", "Released"],
  ["quarantine", "Quarantine"],
  ["onHold", "On hold"],
  ["recalled", "Recalled"],
];

const StockQuery = graphql(`
  query StockSnapshot {
    warehouses {
      id
      code
      name
    }
    products(first: 100) {
      edges {
        node {
          id
          sku
          name
          stock {
            onHand
            available
            held
            warehouse {
              id
            }
            lot {
              id
              status
            }
          }
        }
      }
    }
  }
`);

const StockChangedSubscription = graphql(`
  subscription StockChanged {
    stockChanged {
      cursor
      occurredAt
      delta
      onHand
      available
      kind
      product {
        id
        sku
      }
      warehouse {
        id
        code
      }
      lot {
        id
        lotNumber
      }
    }
  }
`);

// Quality loop: every change of a balance (moves, reservations, holds, lot status).
const StockLevelSubscription = graphql(`
  subscription StockLevelChanged {
    stockLevelChanged {
      cursor
      lotStatus
      onHand
      held
      available
      product {
        id
      }
      warehouse {
        id
      }
      lot {
        id
      }
    }
  }
`);

type Change = { cursor: string; text: string; occurredAt: string };

/** On-hand and available stock per product and warehouse, updated live by `stockChanged`. */
export default function StockDashboard() {
  const { liveStatus } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: StockQuery });
  const [balances, setBalances] = useState<Map<string, Balance>>(new Map());
  const [changes, setChanges] = useState<Change[]>([]);
  const [flash, setFlash] = useState<Set<string>>(new Set());

  useEffect(() => {
    if (!data) return;
    const snapshot = new Map<string, Balance>();
    for (const { node } of data.products.edges)
      for (const s of node.stock)
        snapshot.set(balanceKey(s.warehouse.id, s.lot.id), {
          productId: node.id,
          warehouseId: s.warehouse.id,
          lotId: s.lot.id,
          onHand: s.onHand,
          available: s.available,
          held: s.held,
          lotStatus: s.lot.status,
        });
    setBalances(snapshot);
  }, [data]);

  const [subscription] = useSubscription({ query: StockChangedSubscription }, (_previous, event) => {
    const change = event.stockChanged;
    const cell = `${change.product.id}|${change.warehouse.id}`;
    setFlash((current) => new Set(current).add(cell));
    setTimeout(() => setFlash((current) => {
      const next = new Set(current);
      next.delete(cell);
      return next;
    }), 2500);
    setChanges((current) =>
      [
        {
          cursor: change.cursor,
          occurredAt: change.occurredAt,
          text: `${change.delta > 0 ? "+" : ""}${change.delta} ${change.product.sku} lot ${change.lot.lotNumber} @ ${change.warehouse.code} (${humanize(change.kind)})`,
        },
        ...current,
      ].slice(0, 20),
    );
    return event;
  });

  useSubscription({ query: StockLevelSubscription }, (_previous, event) => {
    const level = event.stockLevelChanged;
    setBalances((current) =>
      applyStockEvent(current, {
        cursor: level.cursor,
        productId: level.product.id,
        warehouseId: level.warehouse.id,
        lotId: level.lot.id,
        onHand: level.onHand,
        available: level.available,
        held: level.held,
        lotStatus: level.lotStatus,
      }),
    );
    return event;
  });

  // After a reconnect, take a fresh snapshot: events sent while offline are not replayed here.
  const wasReconnecting = useRef(false);
  useEffect(() => {
    if (liveStatus === "reconnecting") wasReconnecting.current = true;
    if (liveStatus === "live" && wasReconnecting.current) {
      wasReconnecting.current = false;
      refetch({ requestPolicy: "network-only" });
    }
  }, [liveStatus, refetch]);

  const totals = useMemo(() => totalsByProduct(balances), [balances]);
  const liveState: LiveState = subscription.error ? "unavailable" : liveStatus;

  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label="Loading stock…" />;
  const products = data.products.edges.map((e) => e.node);

  return (
    <section aria-labelledby="stock-title">
      <div className="page-head">
        <h1 id="stock-title">Live stock</h1>
        <LiveIndicator state={liveState} detail={describeError(subscription.error)} />
      </div>
      {products.length === 0 ? (
        <Empty>No products.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="stock-table">
            <thead>
              <tr>
                <th scope="col">Product</th>
                {data.warehouses.map((w) => (
                  <th key={w.id} scope="col" className="num" title={w.name}>
                    {w.code}
                  </th>
                ))}
                <th scope="col" className="num">
                  Total
                </th>
                {STATUS_COLUMNS.map(([, label]) => (
                  <th key={label} scope="col" className="num">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {products.map((p) => {
                const byWarehouse = totals.get(p.id);
                const total = [...(byWarehouse?.values() ?? [])].reduce(
                  (sum, t) => ({ onHand: sum.onHand + t.onHand, available: sum.available + t.available }),
                  { onHand: 0, available: 0 },
                );
                return (
                  <tr key={p.id} data-sku={p.sku}>
                    <th scope="row">
                      <span className="sku">{p.sku}</span> {p.name}
                    </th>
                    {data.warehouses.map((w) => {
                      const t = byWarehouse?.get(w.id);
                      return (
                        <td
                          key={w.id}
                          className={`num${flash.has(`${p.id}|${w.id}`) ? " flash" : ""}`}
                          data-warehouse={w.code}
                        >
                          <StockCell onHand={t?.onHand} available={t?.available} />
                        </td>
                      );
                    })}
                    <td className="num" data-warehouse="total">
                      <StockCell onHand={total.onHand} available={total.available} />
                    </td>
                    {STATUS_COLUMNS.map(([key, label]) => (
                      <td key={key} className="num" data-column={label}>
                        {formatNumber(statusTotals(balances, p.id)[key])}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h2>Recent movements</h2>
      {changes.length === 0 ? (
        <Empty>No movement since you opened this page.</Empty>
      ) : (
        <ol className="timeline" aria-live="polite">
          {changes.map((c) => (
            <li key={c.cursor}>
              <time dateTime={c.occurredAt}>{formatDateTime(c.occurredAt)}</time> {c.text}
            </li>
          ))}
        </ol>
      )}
      <p className="muted">
        Figures are on hand / available (released, unreserved). <Link to="/lots">Browse lots</Link>
      </p>
    </section>
  );
}

function StockCell({ onHand, available }: { onHand?: number; available?: number }) {
  if (onHand === undefined) return <span className="muted">–</span>;
  return (
    <>
      <span className="on-hand">{formatNumber(onHand)}</span>
      <span className="muted"> / {formatNumber(available)}</span>
    </>
  );
}
