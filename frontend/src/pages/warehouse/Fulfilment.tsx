import { Link } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors } from "../../components/Field";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { graphql } from "../../graphql";
import { formatDate, formatNumber } from "../../lib/format";
import { AllocateOrderMutation } from "../orders/orderQueries";
import { byDueDate, dueDate, quantityToShip } from "./workLists";

const FulfilmentQuery = graphql(`
  query Fulfilment {
    salesOrders(first: 100, filter: { status: [APPROVED, ALLOCATED, PARTIALLY_SHIPPED] }) {
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
    }
  }
`);

/**
 * The warehouse's work list: approved orders to allocate, allocated ones to pick and ship,
 * the date the customer counts on (promised, else requested) first.
 * The statuses only narrow the list; each row's buttons are what the server offers.
 */
export default function Fulfilment() {
  const [{ data, error }, refetch] = useQuery({ query: FulfilmentQuery });
  const allocate = useAction(AllocateOrderMutation);
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading work list…" />;
  const orders = byDueDate(data.salesOrders.edges.map((e) => e.node));
  return (
    <section aria-labelledby="fulfilment-title">
      <div className="page-head">
        <h1 id="fulfilment-title">Fulfilment</h1>
        <Link className="button" to="/warehouse/receipts">
          Receive goods
        </Link>
      </div>
      <FormErrors
        messages={[...allocate.userErrors.map((e) => e.message), ...(allocate.failure ? [allocate.failure] : [])]}
      />
      {orders.length === 0 ? (
        <Empty>No order waits for the warehouse.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Customer</th>
                <th scope="col">Lines</th>
                <th scope="col" className="num">
                  To ship
                </th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                <th scope="col">Next step</th>
              </tr>
            </thead>
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
                      .map((l) => `${l.quantity - l.shippedQuantity} × ${l.product.sku}`)
                      .join(", ")}
                  </td>
                  <td className="num" data-testid="to-ship">
                    {formatNumber(quantityToShip(order))}
                  </td>
                  <td data-testid="due">
                    {order.promisedDeliveryDate ? (
                      <>
                        {formatDate(order.promisedDeliveryDate)} <span className="muted">promised</span>
                      </>
                    ) : order.requestedDeliveryDate ? (
                      <>
                        {formatDate(order.requestedDeliveryDate)} <span className="muted">requested</span>
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
                        Allocate {order.number}
                      </button>
                    )}{" "}
                    {order.availableActions.includes("SHIP") && (
                      <Link className="button primary" to={`/warehouse/orders/${order.number}`}>
                        Pick and ship
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
