import { useState } from "react";
import { useTranslation } from "react-i18next";
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
import { formatTaxRate } from "./taxRate";
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
  const { t } = useTranslation(["finance", "common"]);
  const { id = "" } = useParams();
  const { hasRole } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: InvoiceQuery, variables: { id } });
  const [open, setOpen] = useState<Open>(null);
  const reload = () => {
    setOpen(null);
    refetch({ requestPolicy: "network-only" });
  };
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("invoice.loading")} />;
  const invoice = data.node as Invoice | null;
  if (!invoice || !("number" in invoice)) return <Empty>{t("invoice.notFound")}</Empty>;
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
          <dt>{t("common:field.customer")}</dt>
          <dd>
            {invoice.customer.code} · {invoice.customer.name}
            {invoice.customerVatNumber && ` ${t("invoice.vat", { number: invoice.customerVatNumber })}`}
          </dd>
          <dt>{t("field.order")}</dt>
          <dd>
            <Link to={`/orders/${invoice.order.number}`}>{invoice.order.number}</Link>
          </dd>
          <dt>{t("invoice.shipments")}</dt>
          <dd>{invoice.shipments.map((s) => s.number).join(", ") || "–"}</dd>
          <dt>{t("invoice.issuedDue")}</dt>
          <dd>
            {formatDate(invoice.issuedOn)} / {formatDate(invoice.dueOn)}
          </dd>
          <dt>{t("invoice.shipToCountry")}</dt>
          <dd>{invoice.shipToCountry ?? "–"}</dd>
          <dt>{t("common:field.total")}</dt>
          <dd>{money(invoice.total)}</dd>
          <dt>{t("invoice.paid")}</dt>
          <dd>{money(invoice.amountPaid)}</dd>
          <dt>{t("invoice.credited")}</dt>
          <dd>{money(invoice.creditedAmount)}</dd>
          <dt>{t("invoice.writtenOff")}</dt>
          <dd>{money(invoice.writtenOffAmount)}</dd>
          <dt>{t("invoice.openBalance")}</dt>
          <dd data-testid="invoice-balance">{money(invoice.balance)}</dd>
          {invoice.voidReason && (
            <>
              <dt>{t("invoice.voidBecause")}</dt>
              <dd>{invoice.voidReason}</dd>
            </>
          )}
        </dl>
        <div className="actions">
          {pdf && <DownloadButton url={pdf.downloadUrl} fileName={pdf.fileName} label={t("field.downloadPdf")} />}
          {desk && unsettled && (
            <button type="button" className="primary" onClick={() => setOpen("payment")}>
              {t("field.recordPayment")}
            </button>
          )}
          {desk && invoice.status !== "VOID" && (
            <button type="button" onClick={() => setOpen("credit")}>
              {t("field.creditNote")}
            </button>
          )}
          {desk && invoice.status === "OPEN" && (
            <button type="button" onClick={() => setOpen("void")}>
              {t("invoice.void")}
            </button>
          )}
          {desk && unsettled && (
            <button type="button" onClick={() => setOpen("writeoff")}>
              {t("invoice.writeOff")}
            </button>
          )}
        </div>
      </div>
      <Lines invoice={invoice} />
      <Section title={t("invoice.taxSummary")}>
        <LineTable
          lines={invoice.taxSummary}
          lineKey={(s) => `${s.taxRate}-${s.legalNote ?? ""}`}
          columns={[
            { header: t("field.rate"), cell: (s) => formatTaxRate(s.taxRate) },
            { header: t("invoice.net"), numeric: true, cell: (s) => money(s.netAmount) },
            { header: t("field.tax"), numeric: true, cell: (s) => money(s.taxAmount) },
            { header: t("field.note"), cell: (s) => s.legalNote ?? "" },
          ]}
        />
      </Section>
      {invoice.creditNotes.length > 0 && (
        <Section title={t("invoice.creditNotes")}>
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
  const { t } = useTranslation("finance");
  const money = (v: string) => formatMoney(v, invoice.currency);
  return (
    <Section title={t("field.lines")}>
      <LineTable
        lines={invoice.lines}
        lineKey={(l) => l.id}
        columns={[
          { header: "#", cell: (l) => l.lineNumber },
          { header: t("invoice.item"), cell: (l) => l.description },
          { header: t("invoice.qty"), numeric: true, cell: (l) => l.quantity },
          { header: t("invoice.net"), numeric: true, cell: (l) => money(l.netAmount) },
          { header: t("field.rate"), numeric: true, cell: (l) => formatTaxRate(l.taxRate) },
          { header: t("field.tax"), numeric: true, cell: (l) => money(l.taxAmount) },
          { header: t("invoice.lots"), cell: (l) => l.lots.map((lot) => lot.lotNumber).join(", ") },
          { header: t("invoice.serials"), cell: (l) => l.serials.map((s) => s.serialNumber).join(", ") },
        ]}
      />
    </Section>
  );
}

type DialogProps = { invoice: Invoice; onClose: () => void; onDone: () => void };

function messagesOf(action: { userErrors: readonly { message: string }[]; failure: string | null }) {
  return [...action.userErrors.map((e) => e.message), ...(action.failure ? [action.failure] : [])];
}

function PaymentDialog({ invoice, onClose, onDone }: DialogProps) {
  const { t } = useTranslation(["finance", "common"]);
  const pay = useAction(RecordPaymentMutation);
  const [amount, setAmount] = useState(invoice.balance);
  const [reference, setReference] = useState("");
  return (
    <Dialog title={t("field.recordPayment")} onClose={onClose}>
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
        <TextField label={t("common:field.amount")} inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} />
        <TextField label={t("field.reference")} required value={reference} onChange={(e) => setReference(e.target.value)} />
        <FormErrors messages={messagesOf(pay)} />
        <button type="submit" className="primary" disabled={pay.busy}>
          {t("field.recordPayment")}
        </button>
      </form>
    </Dialog>
  );
}

function ReasonDialog({ kind, invoice, onClose, onDone }: DialogProps & { kind: "void" | "writeoff" }) {
  const { t } = useTranslation(["finance", "common"]);
  const voiding = useAction(VoidInvoiceMutation);
  const writing = useAction(WriteOffInvoiceMutation);
  const action = kind === "void" ? voiding : writing;
  const [reason, setReason] = useState("");
  const label = t(kind === "void" ? "invoice.void" : "invoice.writeOff");
  return (
    <Dialog title={t(kind === "void" ? "invoice.voidTitle" : "invoice.writeOffTitle", { number: invoice.number })} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const input = { invoiceId: invoice.id, reason };
          const done = kind === "void" ? await voiding.run({ input }) : await writing.run({ input });
          if (done) onDone();
        }}
      >
        <TextField label={t("common:field.reason")} required value={reason} onChange={(e) => setReason(e.target.value)} />
        <FormErrors messages={messagesOf(action)} />
        <button type="submit" className="danger" disabled={action.busy}>
          {label}
        </button>
      </form>
    </Dialog>
  );
}

function CreditDialog({ invoice, onClose, onDone }: DialogProps) {
  const { t } = useTranslation(["finance", "common"]);
  const credit = useAction(IssueCreditNoteMutation);
  const [reason, setReason] = useState("");
  const [units, setUnits] = useState<Record<string, string>>({});
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  return (
    <Dialog title={t("field.creditNote")} onClose={onClose}>
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
              {t("invoice.lineLeft", { line: l.lineNumber, description: l.description, left: l.quantity - l.creditedQuantity })}
            </legend>
            <TextField
              label={t("invoice.unitsToCredit", { line: l.lineNumber })}
              inputMode="numeric"
              value={units[l.id] ?? ""}
              onChange={(e) => setUnits({ ...units, [l.id]: e.target.value })}
            />
            <TextField
              label={t("invoice.netToCredit", { line: l.lineNumber })}
              inputMode="decimal"
              value={amounts[l.id] ?? ""}
              onChange={(e) => setAmounts({ ...amounts, [l.id]: e.target.value })}
            />
          </fieldset>
        ))}
        <TextField label={t("common:field.reason")} required value={reason} onChange={(e) => setReason(e.target.value)} />
        <FormErrors messages={messagesOf(credit)} />
        <button type="submit" className="primary" disabled={credit.busy}>
          {t("invoice.issueCreditNote")}
        </button>
      </form>
    </Dialog>
  );
}
