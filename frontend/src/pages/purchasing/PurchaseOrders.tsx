import { Link } from "react-router";
import { useQuery } from "urql";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDate, formatMoney } from "../../lib/format";
import { PurchaseOrdersQuery } from "./purchaseOrderQueries";

/** Purchase orders, newest first. */
export default function PurchaseOrders() {
  const [{ data, error }, refetch] = useQuery({ query: PurchaseOrdersQuery, requestPolicy: "cache-and-network" });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label="Loading purchase orders…" />;
  const orders = data.purchaseOrders.edges.map((e) => e.node);
  return (
    <section aria-labelledby="purchase-orders-title">
      <h1 id="purchase-orders-title">Purchase orders</h1>
      <div className="actions">
        <Link className="button primary" to="/purchase-orders/new">
          New purchase order
        </Link>
      </div>
      <Section title={`${orders.length} purchase orders`}>
        {orders.length === 0 ? (
          <Empty>No purchase orders yet.</Empty>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Supplier</th>
                <th scope="col">Ship to</th>
                <th scope="col">Status</th>
                <th scope="col">Total</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/purchase-orders/${o.number}`}>{o.number}</Link>
                  </td>
                  <td>{o.supplier.code}</td>
                  <td>{o.shipTo.code}</td>
                  <td>
                    <StatusChip status={o.status} />
                  </td>
                  <td>{formatMoney(o.total)}</td>
                  <td>{formatDate(o.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </section>
  );
}
