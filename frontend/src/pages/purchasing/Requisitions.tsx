import { Link } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDate, formatMoney, humanize } from "../../lib/format";
import { PurchaseDecision } from "./PurchaseDecision";
import { RequisitionsQuery, SubmitRequisitionMutation } from "./requisitionQueries";

/** Requisitions, and the approver's inbox: requisitions and purchase orders waiting for a signed decision. */
export default function Requisitions() {
  const [{ data, error }, refetch] = useQuery({ query: RequisitionsQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const submit = useAction(SubmitRequisitionMutation);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading requisitions…" />;
  const requisitions = data.purchaseRequisitions.edges.map((e) => e.node);
  const waiting = requisitions.filter((r) => r.status === "PENDING_APPROVAL");
  const orders = data.pendingOrders.edges.map((e) => e.node);
  const messages = [...submit.userErrors.map((e) => e.message), ...(submit.failure ? [submit.failure] : [])];
  return (
    <section aria-labelledby="requisitions-title">
      <h1 id="requisitions-title">Requisitions</h1>
      <Section title="Waiting for approval">
        {waiting.length + orders.length === 0 ? (
          <p className="muted">Nothing waits for approval.</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Amount</th>
                <th scope="col">Asked by</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((r) => (
                <tr key={r.id}>
                  <td>Requisition {r.number}</td>
                  <td>{formatMoney(r.estimatedTotal)}</td>
                  <td>{r.requestedBy?.username ?? "—"}</td>
                  <td>
                    <PurchaseDecision documentId={r.id} label={`requisition ${r.number}`} onDecided={reload} />
                  </td>
                </tr>
              ))}
              {orders.map((o) => (
                <tr key={o.id}>
                  <td>
                    Purchase order <Link to={`/purchase-orders/${o.number}`}>{o.number}</Link> ({o.supplier.code})
                  </td>
                  <td>{formatMoney(o.total, o.currency)}</td>
                  <td>{o.createdBy?.username ?? "—"}</td>
                  <td>
                    <PurchaseDecision documentId={o.id} label={`purchase order ${o.number}`} onDecided={reload} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <FormErrors messages={messages} />
      <Section title="All requisitions">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Status</th>
              <th scope="col">Lines</th>
              <th scope="col">Estimated total</th>
              <th scope="col">Created</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {requisitions.map((r) => (
              <tr key={r.id}>
                <td>{r.number}</td>
                <td>
                  <StatusChip status={r.status} />
                </td>
                <td>
                  {r.lines.map((l) => (
                    <div key={l.id}>
                      {l.quantity} × {l.product.sku} to {l.warehouse.code} ({humanize(l.source)}
                      {l.supplier ? `, ${l.supplier.code}` : ""})
                    </div>
                  ))}
                </td>
                <td>{formatMoney(r.estimatedTotal)}</td>
                <td>{formatDate(r.createdAt)}</td>
                <td>
                  {r.status === "DRAFT" && (
                    <button
                      type="button"
                      disabled={submit.busy}
                      aria-label={`Submit ${r.number}`}
                      onClick={async () => {
                        if (await submit.run({ input: { requisitionId: r.id } })) reload();
                      }}
                    >
                      Submit
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </section>
  );
}
