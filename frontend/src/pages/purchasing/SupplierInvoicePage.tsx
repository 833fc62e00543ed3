import { useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { FormErrors, TextField } from "../../components/Field";
import { LineTable } from "../../components/LineTable";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import type { ResultOf } from "../../graphql";
import { formatDate, formatMoney, humanize, isoDate } from "../../lib/format";
import { Dialog } from "../finance/Dialog";
import { RecordSupplierPaymentMutation, ReleaseSupplierInvoiceHoldMutation, SupplierInvoiceQuery } from "./payablesQueries";

type Node = NonNullable<ResultOf<typeof SupplierInvoiceQuery>["node"]>;
type Invoice = Extract<Node, { number: string }>;

function messagesOf(action: { userErrors: readonly { message: string }[]; failure: string | null }) {
  return [...action.userErrors.map((e) => e.message), ...(action.failure ? [action.failure] : [])];
}

/** One supplier invoice: its three-way match per line, the hold decision and payments. */
export default function SupplierInvoicePage() {
  const { id = "" } = useParams();
  const { hasRole } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: SupplierInvoiceQuery, variables: { id } });
  const [open, setOpen] = useState<"approve" | "reject" | "pay" | null>(null);
  const reload = () => {
    setOpen(null);
    refetch({ requestPolicy: "network-only" });
  };
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading the supplier invoice…" />;
  const invoice = data.node as Invoice | null;
  if (!invoice || !("number" in invoice)) return <Empty>There is no such supplier invoice.</Empty>;
  const held = invoice.status === "ON_HOLD";
  const payable = invoice.status === "OPEN" || invoice.status === "PARTIALLY_PAID";
  return (
    <section aria-labelledby="supplier-invoice-title">
      <div className="page-head">
        <h1 id="supplier-invoice-title">{invoice.number}</h1>
        <StatusChip status={invoice.status} />
      </div>
      <div className="card">
        <dl className="facts">
          <dt>Supplier</dt>
          <dd>
            {invoice.supplier.code} · {invoice.supplier.name}
          </dd>
          <dt>Supplier's number</dt>
          <dd>{invoice.supplierInvoiceNumber}</dd>
          <dt>Purchase orders</dt>
          <dd>
            {invoice.purchaseOrders.map((o) => (
              <Link key={o.number} to={`/purchase-orders/${o.number}`}>
                {o.number}{" "}
              </Link>
            ))}
          </dd>
          <dt>Match</dt>
          <dd>{humanize(invoice.matchStatus)}</dd>
          <dt>Invoice date</dt>
          <dd>{formatDate(invoice.invoiceDate)}</dd>
          <dt>Due</dt>
          <dd>{formatDate(invoice.dueOn)}</dd>
          <dt>Total</dt>
          <dd>
            {formatMoney(invoice.total)} ({formatMoney(invoice.subtotal)} + tax {formatMoney(invoice.taxAmount)})
          </dd>
          <dt>Balance</dt>
          <dd>{formatMoney(invoice.balance)}</dd>
          {invoice.decisionReason && (
            <>
              <dt>Decision</dt>
              <dd>
                {invoice.decisionReason} ({invoice.decidedBy?.displayName})
              </dd>
            </>
          )}
        </dl>
        <div className="actions">
          {held && (hasRole("BUYER") || hasRole("FINANCE")) && (
            <>
              <button type="button" className="primary" onClick={() => setOpen("approve")}>
                Approve variance
              </button>
              <button type="button" className="danger" onClick={() => setOpen("reject")}>
                Reject invoice
              </button>
            </>
          )}
          {payable && hasRole("FINANCE") && (
            <button type="button" className="primary" onClick={() => setOpen("pay")}>
              Record payment
            </button>
          )}
        </div>
      </div>
      <Section title="Lines">
        <LineTable
          label="Invoice lines"
          lines={invoice.lines}
          lineKey={(_, index) => index}
          columns={[
            { header: "Product", cell: (l) => l.product.sku },
            { header: "Quantity", numeric: true, cell: (l) => l.quantity },
            { header: "Received, not invoiced", numeric: true, cell: (l) => l.receivedQuantity },
            { header: "Unit price", numeric: true, cell: (l) => formatMoney(l.unitPrice) },
            { header: "PO price", numeric: true, cell: (l) => formatMoney(l.poUnitPrice) },
            { header: "Price variance", numeric: true, cell: (l) => formatMoney(l.priceVariance) },
            { header: "Issues", cell: (l) => l.issues.map(humanize).join(", ") || "–" },
          ]}
        />
      </Section>
      {(open === "approve" || open === "reject") && (
        <HoldDialog invoice={invoice} approve={open === "approve"} onClose={() => setOpen(null)} onDone={reload} />
      )}
      {open === "pay" && <PaymentDialog invoice={invoice} onClose={() => setOpen(null)} onDone={reload} />}
    </section>
  );
}

type DialogProps = { invoice: Invoice; onClose: () => void; onDone: () => void };

function HoldDialog({ invoice, approve, onClose, onDone }: DialogProps & { approve: boolean }) {
  const release = useAction(ReleaseSupplierInvoiceHoldMutation);
  const [reason, setReason] = useState("");
  return (
    <Dialog title={approve ? `Approve the variance of ${invoice.number}` : `Reject ${invoice.number}`} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const done = await release.run({ input: { supplierInvoiceId: invoice.id, approve, reason } });
          if (done) onDone();
        }}
      >
        <TextField label="Reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
        <FormErrors messages={messagesOf(release)} />
        <button type="submit" className={approve ? "primary" : "danger"} disabled={release.busy}>
          {approve ? "Approve" : "Reject"}
        </button>
      </form>
    </Dialog>
  );
}

function PaymentDialog({ invoice, onClose, onDone }: DialogProps) {
  const pay = useAction(RecordSupplierPaymentMutation);
  const [amount, setAmount] = useState(invoice.balance);
  const [reference, setReference] = useState("");
  return (
    <Dialog title="Record payment" onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const done = await pay.run({
            input: { supplierId: invoice.supplier.id, amount, reference, paidOn: isoDate(), supplierInvoiceIds: [invoice.id] },
          });
          if (done) onDone();
        }}
      >
        <TextField label="Amount" inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} />
        <TextField label="Reference" required value={reference} onChange={(e) => setReference(e.target.value)} />
        <FormErrors messages={messagesOf(pay)} />
        <button type="submit" className="primary" disabled={pay.busy}>
          Record payment
        </button>
      </form>
    </Dialog>
  );
}
