import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { Empty, ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import type { ResultOf } from "../../graphql";
import { formatDate, formatMoney, isoDate } from "../../lib/format";
import { InvoiceablePurchaseOrdersQuery, RecordSupplierInvoiceMutation, SupplierInvoicesQuery } from "./payablesQueries";

/** Supplier invoices, newest first; finance records a new one from a purchase order. */
export default function SupplierInvoices() {
  const { t } = useTranslation(["purchasing", "common"]);
  const { hasRole } = useAuth();
  const [{ data, error }, refetch] = useQuery({ query: SupplierInvoicesQuery, requestPolicy: "cache-and-network" });
  const [recording, setRecording] = useState(false);
  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("supplierInvoices.loading")} />;
  const invoices = data.supplierInvoices.edges.map((e) => e.node);
  return (
    <section aria-labelledby="supplier-invoices-title">
      <h1 id="supplier-invoices-title">{t("supplierInvoices.title")}</h1>
      {hasRole("FINANCE") && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => setRecording(!recording)}>
            {t("supplierInvoices.record")}
          </button>
        </div>
      )}
      {recording && <RecordInvoice />}
      <Section title={t("supplierInvoices.count", { count: invoices.length })}>
        {invoices.length === 0 ? (
          <Empty>{t("supplierInvoices.empty")}</Empty>
        ) : (
          <table className="data" aria-label={t("supplierInvoices.title")}>
            <thead>
              <tr>
                <th scope="col">{t("field.supplierNumber")}</th>
                <th scope="col">{t("supplierInvoices.invoice")}</th>
                <th scope="col">{t("common:field.supplier")}</th>
                <th scope="col">{t("common:field.status")}</th>
                <th scope="col">{t("field.due")}</th>
                <th scope="col" className="num">
                  {t("common:field.total")}
                </th>
                <th scope="col" className="num">
                  {t("field.balance")}
                </th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((i) => (
                <tr key={i.id}>
                  <td>{i.supplierInvoiceNumber}</td>
                  <td>
                    <Link to={`/supplier-invoices/${encodeURIComponent(i.id)}`}>{i.number}</Link>
                  </td>
                  <td>{i.supplier.code}</td>
                  <td>
                    <StatusChip status={i.status} />
                  </td>
                  <td>{formatDate(i.dueOn)}</td>
                  <td className="num">{formatMoney(i.total)}</td>
                  <td className="num">{formatMoney(i.balance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </section>
  );
}

type Order = ResultOf<typeof InvoiceablePurchaseOrdersQuery>["purchaseOrders"]["edges"][number]["node"];

function RecordInvoice() {
  const { t } = useTranslation(["purchasing", "common"]);
  const navigate = useNavigate();
  const [{ data }] = useQuery({ query: InvoiceablePurchaseOrdersQuery, requestPolicy: "network-only" });
  const record = useAction(RecordSupplierInvoiceMutation);
  const [orderId, setOrderId] = useState("");
  const [number, setNumber] = useState("");
  const [invoiceDate, setInvoiceDate] = useState(isoDate());
  const [taxAmount, setTaxAmount] = useState("0.00");
  const [total, setTotal] = useState("");
  const [lines, setLines] = useState<Record<string, { quantity: string; unitPrice: string }>>({});
  const orders: Order[] = data?.purchaseOrders.edges.map((e) => e.node) ?? [];
  const order = orders.find((o) => o.id === orderId);
  const choose = (id: string) => {
    setOrderId(id);
    const chosen = orders.find((o) => o.id === id);
    setLines(
      Object.fromEntries(
        (chosen?.lines ?? []).map((l) => [
          l.id,
          { quantity: String(Math.max(l.receivedQuantity - l.invoicedQuantity, 0)), unitPrice: l.unitPrice },
        ]),
      ),
    );
  };
  const wanted = Object.entries(lines).filter(([, l]) => Number(l.quantity) > 0);
  return (
    <Section title={t("supplierInvoices.record")}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!order) return;
          const done = await record.run({
            input: {
              supplierId: order.supplier.id,
              supplierInvoiceNumber: number,
              invoiceDate,
              taxAmount,
              total,
              lines: wanted.map(([id, l]) => ({ purchaseOrderLineId: id, quantity: Number(l.quantity), unitPrice: l.unitPrice })),
            },
          });
          if (done?.supplierInvoice) navigate(`/supplier-invoices/${encodeURIComponent(done.supplierInvoice.id)}`);
        }}
      >
        <SelectField label={t("field.purchaseOrder")} required value={orderId} onChange={(e) => choose(e.target.value)}>
          <option value="">{t("supplierInvoices.choosePurchaseOrder")}</option>
          {orders.map((o) => (
            <option key={o.id} value={o.id}>
              {o.number} · {o.supplier.code}
            </option>
          ))}
        </SelectField>
        {order && (
          <table className="data" aria-label={t("supplierInvoice.linesTable")}>
            <thead>
              <tr>
                <th scope="col">{t("common:field.product")}</th>
                <th scope="col" className="num">
                  {t("field.receivedNotInvoiced")}
                </th>
                <th scope="col">{t("common:field.quantity")}</th>
                <th scope="col">{t("field.unitPrice")}</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((l) => (
                <tr key={l.id}>
                  <td>{l.product.sku}</td>
                  <td className="num">{l.receivedQuantity - l.invoicedQuantity}</td>
                  <td>
                    <TextField
                      label={t("supplierInvoices.quantityLine", { line: l.lineNumber })}
                      inputMode="numeric"
                      value={lines[l.id]?.quantity ?? ""}
                      onChange={(e) => setLines({ ...lines, [l.id]: { ...lines[l.id], quantity: e.target.value } })}
                    />
                  </td>
                  <td>
                    <TextField
                      label={t("supplierInvoices.unitPriceLine", { line: l.lineNumber })}
                      inputMode="decimal"
                      value={lines[l.id]?.unitPrice ?? ""}
                      onChange={(e) => setLines({ ...lines, [l.id]: { ...lines[l.id], unitPrice: e.target.value } })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <TextField label={t("supplierInvoices.supplierInvoiceNumber")} required value={number} onChange={(e) => setNumber(e.target.value)} />
        <TextField label={t("field.invoiceDate")} type="date" required value={invoiceDate} onChange={(e) => setInvoiceDate(e.target.value)} />
        <TextField label={t("supplierInvoices.tax")} inputMode="decimal" value={taxAmount} onChange={(e) => setTaxAmount(e.target.value)} />
        <TextField label={t("common:field.total")} inputMode="decimal" required value={total} onChange={(e) => setTotal(e.target.value)} />
        <FormErrors messages={[...record.userErrors.map((e) => e.message), ...(record.failure ? [record.failure] : [])]} />
        <button type="submit" className="primary" disabled={record.busy || !order}>
          {t("supplierInvoices.recordInvoice")}
        </button>
      </form>
    </Section>
  );
}
