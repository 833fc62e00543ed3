import { useParams } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { DownloadButton } from "../../components/Download";
import { FormErrors } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDate, formatMoney, humanize } from "../../lib/format";
import { PurchaseOrderQuery, SendPurchaseOrderMutation, SubmitPurchaseOrderMutation } from "./purchaseOrderQueries";

/** One purchase order: its lines and the buyer's next step (submit, send). */
export default function PurchaseOrderPage() {
  const { number = "" } = useParams();
  const [{ data, error }, refetch] = useQuery({ query: PurchaseOrderQuery, variables: { number } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const submit = useAction(SubmitPurchaseOrderMutation);
  const send = useAction(SendPurchaseOrderMutation);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading purchase order…" />;
  const order = data.purchaseOrder;
  if (!order) return <p>No purchase order {number}.</p>;
  const messages = [submit, send].flatMap((a) => [...a.userErrors.map((e) => e.message), ...(a.failure ? [a.failure] : [])]);
  const act = async (action: typeof submit | typeof send) => {
    if (await action.run({ input: { purchaseOrderId: order.id } })) reload();
  };
  return (
    <section aria-labelledby="po-title">
      <h1 id="po-title">{order.number}</h1>
      <p>
        <StatusChip status={order.status} /> {order.supplier.code} — {order.supplier.name}, ship to {order.shipTo.code}
        {order.sentAt && <> · sent {formatDate(order.sentAt)}</>}
      </p>
      <div className="actions">
        {order.status === "DRAFT" && (
          <button type="button" className="primary" disabled={submit.busy} onClick={() => act(submit)}>
            Submit
          </button>
        )}
        {order.status === "APPROVED" && (
          <button type="button" className="primary" disabled={send.busy} onClick={() => act(send)}>
            Send to supplier
          </button>
        )}
        {order.documents
          .filter((d) => d.kind === "PURCHASE_ORDER")
          .map((d) => (
            <DownloadButton key={d.id} url={d.downloadUrl} fileName={d.fileName} label="Download PDF" />
          ))}
      </div>
      <FormErrors messages={messages} />
      {order.approvals.length > 0 && (
        <Section title="Approvals">
          <ul>
            {order.approvals.map((a) => (
              <li key={a.rule}>
                {a.rule}: {humanize(a.requiredRole)} — <StatusChip status={a.status} />
                {a.decidedBy && <> by {a.decidedBy.username}</>}
                {a.comment && <> ({a.comment})</>}
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title="Lines">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Product</th>
              <th scope="col">Quantity</th>
              <th scope="col">Unit price</th>
              <th scope="col">Line total</th>
              <th scope="col">Expected</th>
              <th scope="col">Received</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.lineNumber}</td>
                <td>{l.product.sku}</td>
                <td>{l.quantity}</td>
                <td>{formatMoney(l.unitPrice, order.currency)}</td>
                <td>{formatMoney(l.lineTotal, order.currency)}</td>
                <td>{formatDate(l.expectedOn)}</td>
                <td>{l.receivedQuantity}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          Total <strong>{formatMoney(order.total, order.currency)}</strong>
        </p>
      </Section>
    </section>
  );
}
