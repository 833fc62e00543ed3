import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors } from "../../components/Field";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { graphql, type ResultOf } from "../../graphql";
import { formatDate, formatNumber } from "../../lib/format";
import { AllocateOrderMutation } from "../orders/orderQueries";
import { dueDate, quantityToShip } from "./workLists";

// The server orders the queue (promised, else requested date; undated last; then number).
const FulfilmentQuery = graphql(`
  query Fulfilment($after: String) {
    salesOrders(
      first: 100
      after: $after
      orderBy: PROMISED_DATE
      filter: { status: [APPROVED, ALLOCATED, PARTIALLY_SHIPPED] }
    ) {
      edges {
        node {
          id
          number
          status
          availableActions
          requestedDeliveryDate
          promisedDeliveryDate
          customer {
            id
            code
            name
          }
          lines {
            id
            quantity
            shippedQuantity
            status
            product {
              id
              sku
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

type QueuedOrder = ResultOf<typeof FulfilmentQuery>["salesOrders"]["edges"][number]["node"];
type Allocate = { busy: boolean; run: (variables: { orderId: string }) => Promise<unknown> };
const COLUMNS = 7;

/** The cursor of the page after this one, or null on the last page. */
function nextCursor(data: ResultOf<typeof FulfilmentQuery> | undefined): string | null | undefined {
  if (!data) return undefined;
  const info = data.salesOrders.pageInfo;
  return info.hasNextPage ? (info.endCursor ?? null) : null;
}

/**
 * The warehouse's work list: approved orders to allocate, allocated ones to pick and ship,
 * the date the customer counts on (promised, else requested) first.
 * The statuses only narrow the list; each row's buttons are what the server offers.
 */
export default function Fulfilment() {
  const { t } = useTranslation(["warehouse", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: FulfilmentQuery, variables: { after: null } });
  const allocate = useAction(AllocateOrderMutation);
  // Cursors of the pages loaded after the first, and what each says comes next.
  const [later, setLater] = useState<string[]>([]);
  const [nextOf, setNextOf] = useState<Record<string, string | null>>({});
  const [generation, setGeneration] = useState(0);
  const reload = () => {
    refetch({ requestPolicy: "network-only" });
    setGeneration((g) => g + 1);
  };
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("fulfilment.loading")} />;
  const orders = data.salesOrders.edges.map((e) => e.node);
  const next = later.length === 0 ? nextCursor(data) : nextOf[later[later.length - 1]];
  return (
    <section aria-labelledby="fulfilment-title">
      <div className="page-head">
        <h1 id="fulfilment-title">{t("fulfilment.title")}</h1>
        <Link className="button" to="/warehouse/receipts">
          {t("fulfilment.receiveGoods")}
        </Link>
      </div>
      <FormErrors
        messages={[...allocate.userErrors.map((e) => e.message), ...(allocate.failure ? [allocate.failure] : [])]}
      />
      {orders.length === 0 ? (
        <Empty>{t("fulfilment.empty")}</Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("fulfilment.order")}</th>
                  <th scope="col">{t("common:field.customer")}</th>
                  <th scope="col">{t("fulfilment.lines")}</th>
                  <th scope="col" className="num">
                    {t("fulfilment.toShip")}
                  </th>
                  <th scope="col">{t("fulfilment.due")}</th>
                  <th scope="col">{t("common:field.status")}</th>
                  <th scope="col">{t("fulfilment.nextStep")}</th>
                </tr>
              </thead>
              <QueueRows orders={orders} allocate={allocate} reload={reload} />
              {later.map((after) => (
                <LaterPage
                  key={after}
                  after={after}
                  generation={generation}
                  allocate={allocate}
                  reload={reload}
                  onNext={(cursor) => setNextOf((known) => ({ ...known, [after]: cursor }))}
                />
              ))}
            </table>
          </div>
          {next && (
            <button type="button" onClick={() => setLater((pages) => [...pages, next])}>
              {t("common:action.loadMore")}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** One more page of the queue, read after `after`; it tells what comes next once loaded. */
function LaterPage({
  after,
  generation,
  allocate,
  reload,
  onNext,
}: {
  after: string;
  generation: number;
  allocate: Allocate;
  reload: () => void;
  onNext: (cursor: string | null) => void;
}) {
  const { t } = useTranslation("warehouse");
  const [{ data, error }, refetch] = useQuery({ query: FulfilmentQuery, variables: { after } });
  const next = nextCursor(data);
  useEffect(() => {
    if (generation > 0) refetch({ requestPolicy: "network-only" });
  }, [generation, refetch]);
  useEffect(() => {
    if (next !== undefined) onNext(next);
    // onNext is a fresh closure each render; the cursor is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [next]);
  if (!data)
    return (
      <tbody>
        <tr>
          <td colSpan={COLUMNS}>
            {error ? <ErrorState error={error} retry={reload} /> : <Loading label={t("fulfilment.loading")} />}
          </td>
        </tr>
      </tbody>
    );
  return <QueueRows orders={data.salesOrders.edges.map((e) => e.node)} allocate={allocate} reload={reload} />;
}

function QueueRows({ orders, allocate, reload }: { orders: QueuedOrder[]; allocate: Allocate; reload: () => void }) {
  const { t } = useTranslation("warehouse");
  return (
    <tbody>
      {orders.map((order) => (
        <tr key={order.id} data-testid="queue-row" data-order={order.number} data-due={dueDate(order) ?? ""}>
          <td>
            <Link to={`/orders/${order.number}`}>{order.number}</Link>
          </td>
          <td>{order.customer.code}</td>
          <td>
            {order.lines
              .filter((l) => l.status === "OPEN" && l.quantity > l.shippedQuantity)
              .map((l) => t("fulfilment.lineToShip", { quantity: l.quantity - l.shippedQuantity, sku: l.product.sku }))
              .join(t("fulfilment.listSeparator"))}
          </td>
          <td className="num" data-testid="to-ship">
            {formatNumber(quantityToShip(order))}
          </td>
          <td data-testid="due">
            {order.promisedDeliveryDate ? (
              <>
                {formatDate(order.promisedDeliveryDate)} <span className="muted">{t("fulfilment.promised")}</span>
              </>
            ) : order.requestedDeliveryDate ? (
              <>
                {formatDate(order.requestedDeliveryDate)} <span className="muted">{t("fulfilment.requested")}</span>
              </>
            ) : (
              "–"
            )}
          </td>
          <td>
            <StatusChip status={order.status} />
          </td>
          <td>
            {order.availableActions.includes("ALLOCATE") && (
              <button
                type="button"
                className="primary"
                disabled={allocate.busy}
                onClick={async () => (await allocate.run({ orderId: order.id })) && reload()}
              >
                {t("fulfilment.allocate", { number: order.number })}
              </button>
            )}{" "}
            {order.availableActions.includes("SHIP") && (
              <Link className="button primary" to={`/warehouse/orders/${order.number}`}>
                {t("fulfilment.pickAndShip")}
              </Link>
            )}
          </td>
        </tr>
      ))}
    </tbody>
  );
}
