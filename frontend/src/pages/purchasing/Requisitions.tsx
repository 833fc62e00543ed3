import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { enumLabel } from "../../i18n/enumLabel";
import { formatDate, formatMoney } from "../../lib/format";
import { PurchaseDecision } from "./PurchaseDecision";
import { RequisitionsQuery, SubmitRequisitionMutation } from "./requisitionQueries";

/** Requisitions, and the approver's inbox: requisitions and purchase orders waiting for a signed decision. */
export default function Requisitions() {
  const { t } = useTranslation(["purchasing", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: RequisitionsQuery });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const submit = useAction(SubmitRequisitionMutation);
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("requisitions.loading")} />;
  const requisitions = data.purchaseRequisitions.edges.map((e) => e.node);
  const waiting = requisitions.filter((r) => r.status === "PENDING_APPROVAL");
  const orders = data.pendingOrders.edges.map((e) => e.node);
  const messages = [...submit.userErrors.map((e) => e.message), ...(submit.failure ? [submit.failure] : [])];
  return (
    <section aria-labelledby="requisitions-title">
      <h1 id="requisitions-title">{t("requisitions.title")}</h1>
      <Section title={t("requisitions.waiting")}>
        {waiting.length + orders.length === 0 ? (
          <p className="muted">{t("requisitions.nothingWaits")}</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("requisitions.document")}</th>
                <th scope="col">{t("common:field.amount")}</th>
                <th scope="col">{t("requisitions.askedBy")}</th>
                <th scope="col">{t("requisitions.decision")}</th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((r) => (
                <tr key={r.id}>
                  <td>{t("requisitions.requisitionRow", { number: r.number })}</td>
                  <td>{formatMoney(r.estimatedTotal)}</td>
                  <td>{r.requestedBy?.username ?? "—"}</td>
                  <td>
                    <PurchaseDecision documentId={r.id} label={t("requisitions.requisitionWhat", { number: r.number })} onDecided={reload} />
                  </td>
                </tr>
              ))}
              {orders.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Trans
                      t={t}
                      i18nKey="requisitions.orderRow"
                      values={{ number: o.number, supplier: o.supplier.code }}
                      components={{ link: <Link to={`/purchase-orders/${o.number}`} /> }}
                    />
                  </td>
                  <td>{formatMoney(o.total, o.currency)}</td>
                  <td>{o.createdBy?.username ?? "—"}</td>
                  <td>
                    <PurchaseDecision documentId={o.id} label={t("requisitions.orderWhat", { number: o.number })} onDecided={reload} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <FormErrors messages={messages} />
      <Section title={t("requisitions.all")}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("common:field.number")}</th>
              <th scope="col">{t("common:field.status")}</th>
              <th scope="col">{t("field.lines")}</th>
              <th scope="col">{t("requisitions.estimatedTotal")}</th>
              <th scope="col">{t("common:field.createdAt")}</th>
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
                      {t(l.supplier ? "requisitions.lineFrom" : "requisitions.line", {
                        quantity: l.quantity,
                        sku: l.product.sku,
                        warehouse: l.warehouse.code,
                        source: enumLabel(l.source),
                        supplier: l.supplier?.code,
                      })}
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
                      aria-label={t("requisitions.submitNumber", { number: r.number })}
                      onClick={async () => {
                        if (await submit.run({ input: { requisitionId: r.id } })) reload();
                      }}
                    >
                      {t("common:action.submit")}
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
