import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDate } from "../../lib/format";
import { ShopFloorQuery } from "./productionQueries";

/** The operator's list: work orders released to the floor or being made. */
export default function ShopFloor() {
  const { t } = useTranslation("production");
  const [{ data, error }, refetch] = useQuery({ query: ShopFloorQuery, requestPolicy: "cache-and-network" });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("workOrders.loading")} />;
  const orders = data.workOrders.edges.map((e) => e.node);
  return (
    <section aria-labelledby="shop-floor-title">
      <h1 id="shop-floor-title">{t("shopFloor.title")}</h1>
      <Section title={t("workOrders.count", { count: orders.length })}>
        {orders.length === 0 ? (
          <Empty>{t("shopFloor.empty")}</Empty>
        ) : (
          <ul>
            {orders.map((o) => (
              <li key={o.id}>
                <Link to={`/work-orders/${o.number}`}>{o.number}</Link> <StatusChip status={o.status} />{" "}
                {t("shopFloor.line", {
                  quantity: o.quantity,
                  sku: o.product.sku,
                  made: o.completedQuantity,
                  due: formatDate(o.dueDate),
                })}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </section>
  );
}
