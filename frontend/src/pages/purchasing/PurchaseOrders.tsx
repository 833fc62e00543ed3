import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDate, formatMoney } from "../../lib/format";
import { PurchaseOrdersQuery } from "./purchaseOrderQueries";

/** Purchase orders, newest first. */
export default function PurchaseOrders() {
  const { t } = useTranslation(["purchasing", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: PurchaseOrdersQuery, requestPolicy: "cache-and-network" });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("orders.loading")} />;
  const orders = data.purchaseOrders.edges.map((e) => e.node);
  return (
    <section aria-labelledby="purchase-orders-title">
      <h1 id="purchase-orders-title">{t("orders.title")}</h1>
      <div className="actions">
        <Link className="button primary" to="/purchase-orders/new">
          {t("orders.new")}
        </Link>
      </div>
      <Section title={t("orders.count", { count: orders.length })}>
        {orders.length === 0 ? (
          <Empty>{t("orders.empty")}</Empty>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("common:field.number")}</th>
                <th scope="col">{t("common:field.supplier")}</th>
                <th scope="col">{t("field.shipTo")}</th>
                <th scope="col">{t("common:field.status")}</th>
                <th scope="col">{t("common:field.total")}</th>
                <th scope="col">{t("common:field.createdAt")}</th>
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
