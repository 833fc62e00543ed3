import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { SelectField } from "../../../components/Field";
import { Section } from "../../../components/Section";
import { Empty, ErrorState, Loading } from "../../../components/States";
import { StatusChip } from "../../../components/StatusChip";
import { formatDate } from "../../../lib/format";
import { BatchReviewsQuery } from "./batchReviewQueries";

type RecordStatus = "IN_PROGRESS" | "READY_FOR_REVIEW" | "APPROVED" | "REJECTED";
type FilterLabel = `batchReviews.filter.${"ready" | "inProgress" | "approved" | "rejected"}` | "common:state.all";
// Labels are catalogue keys, translated when shown.
const FILTERS: [string, FilterLabel, RecordStatus[] | null][] = [
  ["READY_FOR_REVIEW", "batchReviews.filter.ready", ["READY_FOR_REVIEW"]],
  ["IN_PROGRESS", "batchReviews.filter.inProgress", ["IN_PROGRESS"]],
  ["APPROVED", "batchReviews.filter.approved", ["APPROVED"]],
  ["REJECTED", "batchReviews.filter.rejected", ["REJECTED"]],
  ["ALL", "common:state.all", null],
];

/** QA's queue: batch records waiting for review first, the others on request. */
export default function BatchReviews() {
  const { t } = useTranslation(["qa", "common"]);
  const [filter, setFilter] = useState("READY_FOR_REVIEW");
  const status = FILTERS.find(([key]) => key === filter)?.[2] ?? null;
  const [{ data, error }, refetch] = useQuery({
    query: BatchReviewsQuery,
    variables: { status },
    requestPolicy: "cache-and-network",
  });
  const orders = (data?.workOrders.edges ?? []).map((e) => e.node).filter((o) => o.batchRecord);
  return (
    <section aria-labelledby="batch-reviews-title">
      <h1 id="batch-reviews-title">{t("batchReviews.title")}</h1>
      <div className="filters">
        <SelectField label={t("batchReviews.statusFilter")} value={filter} onChange={(e) => setFilter(e.target.value)}>
          {FILTERS.map(([key, label]) => (
            <option key={key} value={key}>
              {t(label)}
            </option>
          ))}
        </SelectField>
      </div>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !data ? (
        <Loading label={t("batchReviews.loading")} />
      ) : (
        <Section title={t("batchReviews.count", { count: orders.length })}>
          {orders.length === 0 ? (
            <Empty>{t("batchReviews.empty")}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t("batchReviews.col.workOrder")}</th>
                    <th scope="col">{t("common:field.product")}</th>
                    <th scope="col">{t("batchReviews.col.made")}</th>
                    <th scope="col">{t("batchReviews.col.lots")}</th>
                    <th scope="col">{t("batchReviews.col.batchRecord")}</th>
                    <th scope="col">{t("batchReviews.col.openDeviations")}</th>
                    <th scope="col">{t("work.col.due")}</th>
                  </tr>
                </thead>
                <tbody>
                  {orders.map((o) => (
                    <tr key={o.id}>
                      <td>
                        <Link to={`/batch-records/${o.number}`}>{o.number}</Link>
                      </td>
                      <td>
                        <span className="sku">{o.product.sku}</span> {o.product.name}
                      </td>
                      <td>
                        {o.completedQuantity} / {o.quantity}
                      </td>
                      <td>{o.outputLots.map((l) => l.lotNumber).join(", ") || "—"}</td>
                      <td>
                        <StatusChip status={o.batchRecord!.status} />
                      </td>
                      <td>{o.batchRecord!.deviations.filter((d) => d.status === "OPEN").length}</td>
                      <td>{formatDate(o.dueDate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
      )}
    </section>
  );
}
