import { useTranslation } from "react-i18next";
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
  const { t } = useTranslation(["production", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: WorkOrdersQuery, requestPolicy: "cache-and-network" });
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("workOrders.loading")} />;
  const orders = data.workOrders.edges.map((e) => e.node);
  return (
    <section aria-labelledby="work-orders-title">
      <h1 id="work-orders-title">{t("workOrders.title")}</h1>
      {hasRole("PLANNER") && (
        <div className="actions">
          <Link className="button primary" to="/work-orders/new">
            {t("newWorkOrder.title")}
          </Link>
        </div>
      )}
      <Section title={t("workOrders.count", { count: orders.length })}>
        {orders.length === 0 ? (
          <Empty>{t("workOrders.empty")}</Empty>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("common:field.number")}</th>
                <th scope="col">{t("common:field.product")}</th>
                <th scope="col">{t("common:field.quantity")}</th>
                <th scope="col">{t("common:field.status")}</th>
                <th scope="col">{t("workOrders.due")}</th>
                <th scope="col">{t("workOrders.scheduledFinish")}</th>
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
                    {o.late && <strong className="late"> {t("workOrders.late")}</strong>}
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
