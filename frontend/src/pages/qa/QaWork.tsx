import { Link } from "react-router";
import { useQuery } from "urql";
import { useAuth } from "../../auth/AuthProvider";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDate, humanize } from "../../lib/format";
import { QaWorkQuery } from "./qaQueries";

/** What QA has open: nonconformances, CAPAs, holds, lots about to expire, recall notices overdue. */
export default function QaWork() {
  const [{ data, error }, refetch] = useQuery({ query: QaWorkQuery, requestPolicy: "cache-and-network" });
  const { hasRole } = useAuth();
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label="Loading QA work…" />;
  const ncs = data.nonconformances.edges.map((e) => e.node);
  const capas = data.capas.edges.map((e) => e.node);
  const holds = data.qualityHolds.edges.map((e) => e.node);
  const alerts = data.expiryAlerts.edges.map((e) => e.node);
  const notices = data.overdueRecallNotices.edges.map((e) => e.node);
  return (
    <section aria-labelledby="qa-title">
      <h1 id="qa-title">QA work</h1>
      <Section title="Nonconformances">
        {ncs.length === 0 ? (
          <Empty>No open nonconformance.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Number</th>
                <th>Title</th>
                <th>Source</th>
                <th>Lot</th>
                <th>Status</th>
                <th>Opened</th>
              </tr>
            </thead>
            <tbody>
              {ncs.map((nc) => (
                <tr key={nc.id}>
                  <td>
                    <Link to={`/qa/nonconformances/${encodeURIComponent(nc.id)}`}>{nc.number}</Link>
                  </td>
                  <td>{nc.title}</td>
                  <td>{humanize(nc.source)}</td>
                  <td>{nc.lot ? <Link to={`/lots/${nc.lot.id}`}>{nc.lot.lotNumber}</Link> : "—"}</td>
                  <td>
                    <StatusChip status={nc.status} />
                  </td>
                  <td>{formatDate(nc.openedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="CAPAs">
        {hasRole("QA_MANAGER") && (
          <p>
            <Link to="/qa/capas/new" className="button">
              New CAPA…
            </Link>
          </p>
        )}
        {capas.length === 0 ? (
          <Empty>No open CAPA.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Number</th>
                <th>Title</th>
                <th>Owner</th>
                <th>Due</th>
                <th>Actions done</th>
              </tr>
            </thead>
            <tbody>
              {capas.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/qa/capas/${encodeURIComponent(c.id)}`}>{c.number}</Link>
                  </td>
                  <td>{c.title}</td>
                  <td>{c.owner.displayName}</td>
                  <td>
                    {formatDate(c.dueOn)} {c.overdue && <StatusChip status="OVERDUE" />}
                  </td>
                  <td>
                    {c.actions.filter((a) => a.status === "DONE").length} of {c.actions.length}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="Holds">
        {holds.length === 0 ? (
          <Empty>Nothing is held.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Hold</th>
                <th>Lot</th>
                <th>What</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {holds.map((h) => (
                <tr key={h.id}>
                  <td>{h.number}</td>
                  <td>
                    <Link to={`/lots/${h.lot.id}`}>{h.lot.lotNumber}</Link> {h.lot.product.sku}
                  </td>
                  <td>
                    {h.scope === "WHOLE_LOT" ? "Whole lot" : `${h.quantity} units`}
                    {h.warehouse ? ` @ ${h.warehouse.code}` : ""}
                  </td>
                  <td>{h.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="Expiring lots">
        {alerts.length === 0 ? (
          <Empty>No lot expires within the alert window.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Lot</th>
                <th>Product</th>
                <th>Expires</th>
                <th>Days left</th>
                <th>Units</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/lots/${a.lot.id}`}>{a.lot.lotNumber}</Link>
                  </td>
                  <td>{a.lot.product.sku}</td>
                  <td>{formatDate(a.expiresOn)}</td>
                  <td>{a.daysLeft}</td>
                  <td>{a.quantity}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="Overdue recall notices">
        {notices.length === 0 ? (
          <Empty>Every recall notice is acknowledged or still within its time.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Recall</th>
                <th>Customer</th>
                <th>Due</th>
                <th>Reminders</th>
              </tr>
            </thead>
            <tbody>
              {notices.map((n) => (
                <tr key={`${n.recall.id}-${n.customer.id}`}>
                  <td>
                    <Link to={`/recalls/${n.recall.id}`}>{n.recall.number}</Link>
                  </td>
                  <td>
                    {n.customer.code} {n.customer.name}
                  </td>
                  <td>{formatDate(n.dueAt)}</td>
                  <td>{n.remindersSent}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </section>
  );
}
