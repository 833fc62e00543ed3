import { Link } from "react-router";
import { useQuery } from "urql";
import { useAuth } from "../../auth/AuthProvider";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDate, formatDateTime } from "../../lib/format";
import { WorkOrdersQuery } from "./productionQueries";

/** Work orders, newest first; planners start new ones here. */
export default function WorkOrders() {
  const { hasRole } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: WorkOrdersQuery, requestPolicy: "cache-and-network" });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label="Loading work orders…" />;
  const orders = data.workOrders.edges.map((e) => e.node);
  return (
    <section aria-labelledby="work-orders-title">
      <h1 id="work-orders-title">Work orders</h1>
      {hasRole("PLANNER") && (
        <div className="actions">
          <Link className="button primary" to="/work-orders/new">
            New work order
          </Link>
        </div>
      )}
      <Section title={`${orders.length} work orders`}>
        {orders.length === 0 ? (
          <Empty>No work orders yet.</Empty>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Product</th>
                <th scope="col">Quantity</th>
                <th scope="col">Status</th>
                <th scope="col">Due</th>
                <th scope="col">Scheduled finish</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/work-orders/${o.number}`}>{o.number}</Link>
                  </td>
                  <td>{o.product.sku}</td>
                  <td>
                    {o.completedQuantity} / {o.quantity}
                  </td>
                  <td>
                    <StatusChip status={o.status} />
                  </td>
                  <td>{formatDate(o.dueDate)}</td>
                  <td>
                    {formatDateTime(o.scheduledFinish)}
                    {o.late && <strong className="late"> Late</strong>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </section>
  );
}
