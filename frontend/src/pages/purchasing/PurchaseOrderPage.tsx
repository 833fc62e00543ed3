import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { DownloadButton } from "../../components/Download";
import { FormErrors } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDate, formatMoney } from "../../lib/format";
import { PurchaseOrderQuery, SendPurchaseOrderMutation, SubmitPurchaseOrderMutation } from "./purchaseOrderQueries";

/** One purchase order: its lines and the buyer's next step (submit, send). */
export default function PurchaseOrderPage() {
  const { t } = useTranslation(["purchasing", "common"]);
  const { number = "" } = useParams();
  const [{ data, error }, refetch] = useQuery({ query: PurchaseOrderQuery, variables: { number } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const submit = useAction(SubmitPurchaseOrderMutation);
  const send = useAction(SendPurchaseOrderMutation);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("order.loading")} />;
  const order = data.purchaseOrder;
  if (!order) return <p>{t("order.notFound", { number })}</p>;
  const messages = [submit, send].flatMap((a) => [...a.userErrors.map((e) => e.message), ...(a.failure ? [a.failure] : [])]);
  const act = async (action: typeof submit | typeof send) => {
    if (await action.run({ input: { purchaseOrderId: order.id } })) reload();
  };
  return (
    <section aria-labelledby="po-title">
      <h1 id="po-title">{order.number}</h1>
      <p>
        <StatusChip status={order.status} />{" "}
        {t("order.summary", { code: order.supplier.code, name: order.supplier.name, shipTo: order.shipTo.code })}
        {order.sentAt && <> {t("order.sent", { date: formatDate(order.sentAt) })}</>}
      </p>
      <div className="actions">
        {order.status === "DRAFT" && (
          <button type="button" className="primary" disabled={submit.busy} onClick={() => act(submit)}>
            {t("common:action.submit")}
          </button>
        )}
        {order.status === "APPROVED" && (
          <button type="button" className="primary" disabled={send.busy} onClick={() => act(send)}>
            {t("order.send")}
          </button>
        )}
        {order.documents
          .filter((d) => d.kind === "PURCHASE_ORDER")
          .map((d) => (
            <DownloadButton key={d.id} url={d.downloadUrl} fileName={d.fileName} label={t("field.downloadPdf")} />
          ))}
      </div>
      <FormErrors messages={messages} />
      {order.approvals.length > 0 && (
        <Section title={t("order.approvals")}>
          <ul>
            {order.approvals.map((a) => (
              <li key={a.rule}>
                {a.rule}: {enumLabel(a.requiredRole)} — <StatusChip status={a.status} />
                {a.decidedBy && <> {t("order.decidedBy", { user: a.decidedBy.username })}</>}
                {a.comment && <> ({a.comment})</>}
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title={t("field.lines")}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("common:field.product")}</th>
              <th scope="col">{t("common:field.quantity")}</th>
              <th scope="col">{t("field.unitPrice")}</th>
              <th scope="col">{t("order.lineTotal")}</th>
              <th scope="col">{t("order.expected")}</th>
              <th scope="col">{t("order.received")}</th>
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
          {t("common:field.total")} <strong>{formatMoney(order.total, order.currency)}</strong>
        </p>
      </Section>
    </section>
  );
}
