import { useEffect, useMemo, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery, useSubscription } from "urql";
import { useAuth } from "../../auth/AuthProvider";
import { LiveIndicator, type LiveState } from "../../components/LiveIndicator";
import { Empty, ErrorState, Loading } from "../../components/States";
import { graphql } from "../../graphql";
import { enumLabel } from "../../i18n/enumLabel";
import { describeError } from "../../lib/errors";
import { formatDateTime, formatNumber } from "../../lib/format";
import {
  applyStockEvent,
  balanceKey,
  statusTotals,
  totalsByProduct,
  type Balance,
  type StatusTotals,
} from "../../lib/stockBalances";

// A product's stock over all warehouses by quality status; the second item names the
// column for tests and tools (`data-column`), in English whatever the language.
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

type Change = { cursor: string; occurredAt: string; delta: number; sku: string; lot: string; warehouse: string; kind: string };

/** On-hand and available stock per product and warehouse, updated live by `stockChanged`. */
export default function StockDashboard() {
  const { t } = useTranslation(["dashboards", "common"]);
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
          delta: change.delta,
          sku: change.product.sku,
          lot: change.lot.lotNumber,
          warehouse: change.warehouse.code,
          kind: change.kind,
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
  if (!data) return <Loading label={t("stock.loading")} />;
  const products = data.products.edges.map((e) => e.node);

  return (
    <section aria-labelledby="stock-title">
      <div className="page-head">
        <h1 id="stock-title">{t("stock.title")}</h1>
        <LiveIndicator state={liveState} detail={describeError(subscription.error)} />
      </div>
      {products.length === 0 ? (
        <Empty>{t("stock.noProducts")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="stock-table">
            <thead>
              <tr>
                <th scope="col">{t("common:field.product")}</th>
                {data.warehouses.map((w) => (
                  <th key={w.id} scope="col" className="num" title={w.name}>
                    {w.code}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t("common:field.total")}
                </th>
                {STATUS_COLUMNS.map(([key]) => (
                  <th key={key} scope="col" className="num">
                    {t(`stock.column.${key}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {products.map((p) => {
                const byWarehouse = totals.get(p.id);
                const total = [...(byWarehouse?.values() ?? [])].reduce(
                  (sum, b) => ({ onHand: sum.onHand + b.onHand, available: sum.available + b.available }),
                  { onHand: 0, available: 0 },
                );
                return (
                  <tr key={p.id} data-sku={p.sku}>
                    <th scope="row">
                      <span className="sku">{p.sku}</span> {p.name}
                    </th>
                    {data.warehouses.map((w) => {
                      const cellTotals = byWarehouse?.get(w.id);
                      return (
                        <td
                          key={w.id}
                          className={`num${flash.has(`${p.id}|${w.id}`) ? " flash" : ""}`}
                          data-warehouse={w.code}
                        >
                          <StockCell onHand={cellTotals?.onHand} available={cellTotals?.available} />
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
      <h2>{t("stock.recent")}</h2>
      {changes.length === 0 ? (
        <Empty>{t("stock.noMovement")}</Empty>
      ) : (
        <ol className="timeline" aria-live="polite">
          {changes.map((c) => (
            <li key={c.cursor}>
              <time dateTime={c.occurredAt}>{formatDateTime(c.occurredAt)}</time>{" "}
              {t("stock.movement", {
                delta: `${c.delta > 0 ? "+" : ""}${c.delta}`,
                sku: c.sku,
                lot: c.lot,
                warehouse: c.warehouse,
                kind: enumLabel(c.kind),
              })}
            </li>
          ))}
        </ol>
      )}
      <p className="muted">
        <Trans t={t} i18nKey="stock.figures" components={{ link: <Link to="/lots" /> }} />
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
