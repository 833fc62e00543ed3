import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { SelectField } from "../../../components/Field";
import { Section } from "../../../components/Section";
import { Empty, ErrorState, Loading } from "../../../components/States";
import { StatusChip } from "../../../components/StatusChip";
import { formatDate } from "../../../lib/format";
import { BatchReviewsQuery } from "./batchReviewQueries";

type RecordStatus = "IN_PROGRESS" | "READY_FOR_REVIEW" | "APPROVED" | "REJECTED";
const FILTERS: [string, string, RecordStatus[] | null][] = [
  ["READY_FOR_REVIEW", "Ready for review", ["READY_FOR_REVIEW"]],
  ["IN_PROGRESS", "In progress", ["IN_PROGRESS"]],
  ["APPROVED", "Approved", ["APPROVED"]],
  ["REJECTED", "Rejected", ["REJECTED"]],
  ["ALL", "All", null],
];

/** QA's queue: batch records waiting for review first, the others on request. */
export default function BatchReviews() {
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
      <h1 id="batch-reviews-title">Batch record review</h1>
      <div className="filters">
        <SelectField label="Batch record status" value={filter} onChange={(e) => setFilter(e.target.value)}>
          {FILTERS.map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      {error && !data ? (
        <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !data ? (
        <Loading label="Loading batch records…" />
      ) : (
        <Section title={`${orders.length} batch records`}>
          {orders.length === 0 ? (
            <Empty>No batch record in this state.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">Work order</th>
                    <th scope="col">Product</th>
                    <th scope="col">Made</th>
                    <th scope="col">Lots</th>
                    <th scope="col">Batch record</th>
                    <th scope="col">Open deviations</th>
                    <th scope="col">Due</th>
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
