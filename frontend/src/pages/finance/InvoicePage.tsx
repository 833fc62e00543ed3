import { useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { DownloadButton } from "../../components/Download";
import { FormErrors, TextField } from "../../components/Field";
import { LineTable } from "../../components/LineTable";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import type { ResultOf } from "../../graphql";
import { formatDate, formatMoney, isoDate } from "../../lib/format";
import { Dialog } from "./Dialog";
import {
  InvoiceQuery,
  IssueCreditNoteMutation,
  RecordPaymentMutation,
  VoidInvoiceMutation,
  WriteOffInvoiceMutation,
} from "./financeQueries";

type Node = NonNullable<ResultOf<typeof InvoiceQuery>["node"]>;
type Invoice = Extract<Node, { number: string }>;
type Open = "payment" | "credit" | "void" | "writeoff" | null;

export default function InvoicePage() {
  const { id = "" } = useParams();
  const { hasRole } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: InvoiceQuery, variables: { id } });
  const [open, setOpen] = useState<Open>(null);
  const reload = () => {
    setOpen(null);
    refetch({ requestPolicy: "network-only" });
  };
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label="Loading the invoice…" />;
  const invoice = data.node as Invoice | null;
  if (!invoice || !("number" in invoice)) return <Empty>There is no such invoice.</Empty>;
  const desk = hasRole("FINANCE");
  const unsettled = invoice.status === "OPEN" || invoice.status === "PARTIALLY_PAID";
  const pdf = invoice.documents.find((d) => d.kind === "INVOICE");
  const money = (v: string) => formatMoney(v, invoice.currency);
  return (
    <section aria-labelledby="invoice-title">
      <div className="page-head">
        <h1 id="invoice-title">{invoice.number}</h1>
        <StatusChip status={invoice.status} />
      </div>
      <div className="card">
        <dl className="facts">
          <dt>Customer</dt>
          <dd>
            {invoice.customer.code} · {invoice.customer.name}
            {invoice.customerVatNumber && ` (VAT ${invoice.customerVatNumber})`}
          </dd>
          <dt>Order</dt>
          <dd>
            <Link to={`/orders/${invoice.order.number}`}>{invoice.order.number}</Link>
          </dd>
          <dt>Shipments</dt>
          <dd>{invoice.shipments.map((s) => s.number).join(", ") || "–"}</dd>
          <dt>Issued / due</dt>
          <dd>
            {formatDate(invoice.issuedOn)} / {formatDate(invoice.dueOn)}
          </dd>
          <dt>Ship-to country</dt>
          <dd>{invoice.shipToCountry ?? "–"}</dd>
          <dt>Total</dt>
          <dd>{money(invoice.total)}</dd>
          <dt>Paid</dt>
          <dd>{money(invoice.amountPaid)}</dd>
          <dt>Credited</dt>
          <dd>{money(invoice.creditedAmount)}</dd>
          <dt>Written off</dt>
          <dd>{money(invoice.writtenOffAmount)}</dd>
          <dt>Open balance</dt>
          <dd data-testid="invoice-balance">{money(invoice.balance)}</dd>
          {invoice.voidReason && (
            <>
              <dt>Void because</dt>
              <dd>{invoice.voidReason}</dd>
            </>
          )}
        </dl>
        <div className="actions">
          {pdf && <DownloadButton url={pdf.downloadUrl} fileName={pdf.fileName} label="Download PDF" />}
          {desk && unsettled && (
            <button type="button" className="primary" onClick={() => setOpen("payment")}>
              Record payment
            </button>
          )}
          {desk && invoice.status !== "VOID" && (
            <button type="button" onClick={() => setOpen("credit")}>
              Credit note
            </button>
          )}
          {desk && invoice.status === "OPEN" && (
            <button type="button" onClick={() => setOpen("void")}>
              Void
            </button>
          )}
          {desk && unsettled && (
            <button type="button" onClick={() => setOpen("writeoff")}>
              Write off
            </button>
          )}
        </div>
      </div>
      <Lines invoice={invoice} />
      <Section title="Tax summary">
        <LineTable
          lines={invoice.taxSummary}
          lineKey={(t) => `${t.taxRate}-${t.legalNote ?? ""}`}
          columns={[
            { header: "Rate", cell: (t) => rate(t.taxRate) },
            { header: "Net", numeric: true, cell: (t) => money(t.netAmount) },
            { header: "Tax", numeric: true, cell: (t) => money(t.taxAmount) },
            { header: "Note", cell: (t) => t.legalNote ?? "" },
          ]}
        />
      </Section>
      {invoice.creditNotes.length > 0 && (
        <Section title="Credit notes">
          <ul>
            {invoice.creditNotes.map((c) => (
              <li key={c.id}>
                {c.number} · {formatDate(c.issuedOn)} · {money(c.total)} · {c.reason}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {open === "payment" && <PaymentDialog invoice={invoice} onClose={() => setOpen(null)} onDone={reload} />}
      {open === "credit" && <CreditDialog invoice={invoice} onClose={() => setOpen(null)} onDone={reload} />}
      {(open === "void" || open === "writeoff") && (
        <ReasonDialog kind={open} invoice={invoice} onClose={() => setOpen(null)} onDone={reload} />
      )}
    </section>
  );
}

function Lines({ invoice }: { invoice: Invoice }) {
  const money = (v: string) => formatMoney(v, invoice.currency);
  return (
    <Section title="Lines">
      <LineTable
        lines={invoice.lines}
        lineKey={(l) => l.id}
        columns={[
          { header: "#", cell: (l) => l.lineNumber },
          { header: "Item", cell: (l) => l.description },
          { header: "Qty", numeric: true, cell: (l) => l.quantity },
          { header: "Net", numeric: true, cell: (l) => money(l.netAmount) },
          { header: "Rate", numeric: true, cell: (l) => rate(l.taxRate) },
          { header: "Tax", numeric: true, cell: (l) => money(l.taxAmount) },
          { header: "Lots", cell: (l) => l.lots.map((lot) => lot.lotNumber).join(", ") },
          { header: "Serials", cell: (l) => l.serials.map((s) => s.serialNumber).join(", ") },
        ]}
      />
    </Section>
  );
}

const rate = (value: string) => `${(Number(value) * 100).toFixed(2)} %`;

type DialogProps = { invoice: Invoice; onClose: () => void; onDone: () => void };

function messagesOf(action: { userErrors: readonly { message: string }[]; failure: string | null }) {
  return [...action.userErrors.map((e) => e.message), ...(action.failure ? [action.failure] : [])];
}

function PaymentDialog({ invoice, onClose, onDone }: DialogProps) {
  const pay = useAction(RecordPaymentMutation);
  const [amount, setAmount] = useState(invoice.balance);
  const [reference, setReference] = useState("");
  return (
    <Dialog title="Record payment" onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const done = await pay.run({
            input: {
              customerId: invoice.customer.id,
              amount,
              reference,
              receivedOn: isoDate(),
              invoiceIds: [invoice.id],
            },
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

function ReasonDialog({ kind, invoice, onClose, onDone }: DialogProps & { kind: "void" | "writeoff" }) {
  const voiding = useAction(VoidInvoiceMutation);
  const writing = useAction(WriteOffInvoiceMutation);
  const action = kind === "void" ? voiding : writing;
  const [reason, setReason] = useState("");
  const label = kind === "void" ? "Void" : "Write off";
  return (
    <Dialog title={kind === "void" ? `Void ${invoice.number}` : `Write off the rest of ${invoice.number}`} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const input = { invoiceId: invoice.id, reason };
          const done = kind === "void" ? await voiding.run({ input }) : await writing.run({ input });
          if (done) onDone();
        }}
      >
        <TextField label="Reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
        <FormErrors messages={messagesOf(action)} />
        <button type="submit" className="danger" disabled={action.busy}>
          {label}
        </button>
      </form>
    </Dialog>
  );
}

function CreditDialog({ invoice, onClose, onDone }: DialogProps) {
  const credit = useAction(IssueCreditNoteMutation);
  const [reason, setReason] = useState("");
  const [units, setUnits] = useState<Record<string, string>>({});
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  return (
    <Dialog title="Credit note" onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const lines: { invoiceLineId: string; quantity?: number | null; netAmount?: string | null }[] = [];
          for (const l of invoice.lines) {
            // Units or a net amount per line, exactly one: both are sent as typed, and refused.
            if (units[l.id] || amounts[l.id])
              lines.push({ invoiceLineId: l.id, quantity: units[l.id] ? Number(units[l.id]) : null, netAmount: amounts[l.id] || null });
          }
          const done = await credit.run({ input: { invoiceId: invoice.id, reason, lines, idempotencyKey: crypto.randomUUID() } });
          if (done) onDone();
        }}
      >
        {invoice.lines.map((l) => (
          <fieldset key={l.id}>
            <legend>
              {l.lineNumber}. {l.description} ({l.quantity - l.creditedQuantity} left)
            </legend>
            <TextField
              label={`Units to credit on line ${l.lineNumber}`}
              inputMode="numeric"
              value={units[l.id] ?? ""}
              onChange={(e) => setUnits({ ...units, [l.id]: e.target.value })}
            />
            <TextField
              label={`Net amount to credit on line ${l.lineNumber}`}
              inputMode="decimal"
              value={amounts[l.id] ?? ""}
              onChange={(e) => setAmounts({ ...amounts, [l.id]: e.target.value })}
            />
          </fieldset>
        ))}
        <TextField label="Reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
        <FormErrors messages={messagesOf(credit)} />
        <button type="submit" className="primary" disabled={credit.busy}>
          Issue credit note
        </button>
      </form>
    </Dialog>
  );
}
