import { useEffect } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDateTime } from "../../lib/format";
import { RecallDetailQuery } from "./recallQueries";

const REFRESH_MS = 15_000;

/** A recall and its notices; refreshes while acknowledgements are outstanding. */
export default function RecallDetail() {
  const { id = "" } = useParams();
  const [{ data, error }, refetch] = useQuery({ query: RecallDetailQuery, variables: { id } });
  const recall = data?.node && "notices" in data.node ? data.node : null;
  const outstanding = recall?.notices.some((n) => !n.acknowledgedAt) ?? false;

  useEffect(() => {
    if (!outstanding) return;
    const timer = setInterval(() => refetch({ requestPolicy: "network-only" }), REFRESH_MS);
    return () => clearInterval(timer);
  }, [outstanding, refetch]);

  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label="Loading recall…" />;
  if (!recall) return <Empty>This recall does not exist or is not visible to you.</Empty>;

  const acknowledged = recall.notices.filter((n) => n.acknowledgedAt).length;
  return (
    <article aria-labelledby="recall-title">
      <h1 id="recall-title">
        Recall {recall.number} · Class {recall.recallClass} <StatusChip status={recall.status} />
      </h1>
      <p>{recall.reason}</p>
      <p className="muted">
        Initiated {formatDateTime(recall.initiatedAt)} by {recall.initiatedBy.displayName}
      </p>
      <Section title={`Acknowledgements (${acknowledged} of ${recall.notices.length})`}>
        <progress max={recall.notices.length || 1} value={acknowledged} aria-label="Acknowledged notices" />
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Notified</th>
              <th scope="col">Acknowledged</th>
            </tr>
          </thead>
          <tbody>
            {recall.notices.map((n) => (
              <tr key={n.customer.id}>
                <td>
                  {n.customer.name} ({n.customer.code})
                </td>
                <td>{formatDateTime(n.notifiedAt)}</td>
                <td>
                  {n.acknowledgedAt ? (
                    `${formatDateTime(n.acknowledgedAt)} by ${n.acknowledgedBy?.displayName ?? "–"}`
                  ) : (
                    <StatusChip status="PENDING" />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Affected lots">
        <ul className="plain">
          {recall.affectedLots.map((l) => (
            <li key={l.id}>
              <Link to={`/lots/${l.id}`}>{l.lotNumber}</Link> {l.product.sku} <StatusChip status={l.status} />
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Affected shipments">
        {recall.affectedShipments.length === 0 ? (
          <Empty>No affected unit left the warehouse.</Empty>
        ) : (
          <ul className="plain">
            {recall.affectedShipments.map((s) => (
              <li key={s.id}>
                {s.number} — order <Link to={`/orders/${s.order.number}`}>{s.order.number}</Link> to {s.order.customer.code},
                shipped {formatDateTime(s.shippedAt)}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </article>
  );
}
