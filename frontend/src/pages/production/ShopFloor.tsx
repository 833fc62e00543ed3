import { Link } from "react-router";
import { useQuery } from "urql";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDate } from "../../lib/format";
import { ShopFloorQuery } from "./productionQueries";

/** The operator's list: work orders released to the floor or being made. */
export default function ShopFloor() {
  const [{ data, error }, refetch] = useQuery({ query: ShopFloorQuery, requestPolicy: "cache-and-network" });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label="Loading work orders…" />;
  const orders = data.workOrders.edges.map((e) => e.node);
  return (
    <section aria-labelledby="shop-floor-title">
      <h1 id="shop-floor-title">Shop floor</h1>
      <Section title={`${orders.length} work orders`}>
        {orders.length === 0 ? (
          <Empty>Nothing released to the floor.</Empty>
        ) : (
          <ul>
            {orders.map((o) => (
              <li key={o.id}>
                <Link to={`/work-orders/${o.number}`}>{o.number}</Link> <StatusChip status={o.status} /> {o.quantity} ×{" "}
                {o.product.sku}, made {o.completedQuantity}, due {formatDate(o.dueDate)}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </section>
  );
}
