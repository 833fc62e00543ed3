import { useState } from "react";
import { useTranslation } from "react-i18next";
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
import { enumLabel } from "../../i18n/enumLabel";
import { formatDate, formatMoney, isoDate } from "../../lib/format";
import { Dialog } from "../finance/Dialog";
import { RecordSupplierPaymentMutation, ReleaseSupplierInvoiceHoldMutation, SupplierInvoiceQuery } from "./payablesQueries";

type Node = NonNullable<ResultOf<typeof SupplierInvoiceQuery>["node"]>;
type Invoice = Extract<Node, { number: string }>;

function messagesOf(action: { userErrors: readonly { message: string }[]; failure: string | null }) {
  return [...action.userErrors.map((e) => e.message), ...(action.failure ? [action.failure] : [])];
}

/** One supplier invoice: its three-way match per line, the hold decision and payments. */
export default function SupplierInvoicePage() {
  const { t } = useTranslation(["purchasing", "common"]);
  const { id = "" } = useParams();
  const { hasRole } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: SupplierInvoiceQuery, variables: { id } });
  const [open, setOpen] = useState<"approve" | "reject" | "pay" | null>(null);
  const reload = () => {
    setOpen(null);
    refetch({ requestPolicy: "network-only" });
  };
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("supplierInvoice.loading")} />;
  const invoice = data.node as Invoice | null;
  if (!invoice || !("number" in invoice)) return <Empty>{t("supplierInvoice.notFound")}</Empty>;
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
          <dt>{t("common:field.supplier")}</dt>
          <dd>
            {invoice.supplier.code} · {invoice.supplier.name}
          </dd>
          <dt>{t("field.supplierNumber")}</dt>
          <dd>{invoice.supplierInvoiceNumber}</dd>
          <dt>{t("field.purchaseOrders")}</dt>
          <dd>
            {invoice.purchaseOrders.map((o) => (
              <Link key={o.number} to={`/purchase-orders/${o.number}`}>
                {o.number}{" "}
              </Link>
            ))}
          </dd>
          <dt>{t("supplierInvoice.match")}</dt>
          <dd>{enumLabel(invoice.matchStatus)}</dd>
          <dt>{t("field.invoiceDate")}</dt>
          <dd>{formatDate(invoice.invoiceDate)}</dd>
          <dt>{t("field.due")}</dt>
          <dd>{formatDate(invoice.dueOn)}</dd>
          <dt>{t("common:field.total")}</dt>
          <dd>
            {t("supplierInvoice.totalParts", {
              total: formatMoney(invoice.total),
              subtotal: formatMoney(invoice.subtotal),
              tax: formatMoney(invoice.taxAmount),
            })}
          </dd>
          <dt>{t("field.balance")}</dt>
          <dd>{formatMoney(invoice.balance)}</dd>
          {invoice.decisionReason && (
            <>
              <dt>{t("supplierInvoice.decision")}</dt>
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
                {t("supplierInvoice.approveVariance")}
              </button>
              <button type="button" className="danger" onClick={() => setOpen("reject")}>
                {t("supplierInvoice.rejectInvoice")}
              </button>
            </>
          )}
          {payable && hasRole("FINANCE") && (
            <button type="button" className="primary" onClick={() => setOpen("pay")}>
              {t("field.recordPayment")}
            </button>
          )}
        </div>
      </div>
      <Section title={t("field.lines")}>
        <LineTable
          label={t("supplierInvoice.linesTable")}
          lines={invoice.lines}
          lineKey={(_, index) => index}
          columns={[
            { header: t("common:field.product"), cell: (l) => l.product.sku },
            { header: t("common:field.quantity"), numeric: true, cell: (l) => l.quantity },
            { header: t("field.receivedNotInvoiced"), numeric: true, cell: (l) => l.receivedQuantity },
            { header: t("field.unitPrice"), numeric: true, cell: (l) => formatMoney(l.unitPrice) },
            { header: t("supplierInvoice.poPrice"), numeric: true, cell: (l) => formatMoney(l.poUnitPrice) },
            { header: t("supplierInvoice.priceVariance"), numeric: true, cell: (l) => formatMoney(l.priceVariance) },
            { header: t("supplierInvoice.issues"), cell: (l) => l.issues.map(enumLabel).join(", ") || "–" },
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
  const { t } = useTranslation(["purchasing", "common"]);
  const release = useAction(ReleaseSupplierInvoiceHoldMutation);
  const [reason, setReason] = useState("");
  return (
    <Dialog title={t(approve ? "supplierInvoice.approveTitle" : "supplierInvoice.rejectTitle", { number: invoice.number })} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const done = await release.run({ input: { supplierInvoiceId: invoice.id, approve, reason } });
          if (done) onDone();
        }}
      >
        <TextField label={t("common:field.reason")} required value={reason} onChange={(e) => setReason(e.target.value)} />
        <FormErrors messages={messagesOf(release)} />
        <button type="submit" className={approve ? "primary" : "danger"} disabled={release.busy}>
          {t(approve ? "field.approve" : "field.reject")}
        </button>
      </form>
    </Dialog>
  );
}

function PaymentDialog({ invoice, onClose, onDone }: DialogProps) {
  const { t } = useTranslation(["purchasing", "common"]);
  const pay = useAction(RecordSupplierPaymentMutation);
  const [amount, setAmount] = useState(invoice.balance);
  const [reference, setReference] = useState("");
  return (
    <Dialog title={t("field.recordPayment")} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const done = await pay.run({
            input: { supplierId: invoice.supplier.id, amount, reference, paidOn: isoDate(), supplierInvoiceIds: [invoice.id] },
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
