import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { useAuth } from "../../auth/AuthProvider";
import { FormErrors, TextField } from "../../components/Field";
import { Section } from "../../components/Section";
import { ErrorState, Loading } from "../../components/States";
import { StatusChip } from "../../components/StatusChip";
import { formatDate, formatDateTime } from "../../lib/format";
import { BatchSteps } from "./BatchSteps";
import {
  CancelWorkOrderMutation,
  IssueMaterialMutation,
  RecordOutputMutation,
  ReleaseWorkOrderMutation,
  WorkOrderQuery,
} from "./productionQueries";

/** One work order: its components and reserved lots, operations on the schedule, and the
 * planner's next step (release, cancel). */
export default function WorkOrderPage() {
  const { number = "" } = useParams();
  const { hasRole } = useAuth();
  const { t } = useTranslation(["production", "common"]);
  const [{ data, error }, refetch] = useQuery({ query: WorkOrderQuery, variables: { number } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const release = useAction(ReleaseWorkOrderMutation);
  const cancel = useAction(CancelWorkOrderMutation);
  const issue = useAction(IssueMaterialMutation);
  const output = useAction(RecordOutputMutation);
  const [lotNumber, setLotNumber] = useState("");
  const [outputQuantity, setOutputQuantity] = useState("1");
  const [final, setFinal] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState("");
  if (error && !data) return <ErrorState error={error} retry={reload} />;
  if (!data) return <Loading label={t("workOrder.loading")} />;
  const order = data.workOrder;
  if (!order) return <p>{t("workOrder.notFound", { number })}</p>;
  const planner = hasRole("PLANNER");
  const operator = hasRole("OPERATOR", "WAREHOUSE");
  const messages = [release, cancel, issue, output].flatMap((a) => [...a.userErrors.map((e) => e.message), ...(a.failure ? [a.failure] : [])]);
  return (
    <section aria-labelledby="wo-title">
      <h1 id="wo-title">{order.number}</h1>
      <p>
        <StatusChip status={order.status} />{" "}
        {t("workOrder.summary", {
          quantity: order.quantity,
          sku: order.product.sku,
          name: order.product.name,
          version: order.bomVersion.version,
          warehouse: order.warehouse.code,
          due: formatDate(order.dueDate),
        })}
        {order.scheduledFinish && <> · {t("workOrder.scheduledFinish", { at: formatDateTime(order.scheduledFinish) })}</>}
        {order.late && <strong className="late"> {t("workOrders.late")}</strong>}
      </p>
      {planner && (
        <div className="actions">
          {order.status === "PLANNED" && (
            <button
              type="button"
              className="primary"
              disabled={release.busy}
              onClick={async () => {
                if (await release.run({ input: { workOrderId: order.id } })) reload();
              }}
            >
              {t("workOrder.release")}
            </button>
          )}
          {(order.status === "PLANNED" || order.status === "RELEASED") && (
            <button type="button" onClick={() => setCancelling(true)}>
              {t("workOrder.cancelOpen")}
            </button>
          )}
        </div>
      )}
      {operator && (order.status === "RELEASED" || order.status === "IN_PROGRESS") && (
        <div className="actions">
          <button
            type="button"
            disabled={issue.busy}
            onClick={async () => {
              if (await issue.run({ input: { workOrderId: order.id, idempotencyKey: crypto.randomUUID() } })) reload();
            }}
          >
            {t("workOrder.issueMaterial")}
          </button>
        </div>
      )}
      {hasRole("OPERATOR") && order.status === "IN_PROGRESS" && (
        <form
          aria-label={t("workOrder.recordOutput")}
          onSubmit={async (e) => {
            e.preventDefault();
            const count = Number(outputQuantity);
            // Serialised products: one unit per serial, numbered after the lot.
            const units =
              order.product.trackingMode === "SERIAL"
                ? Array.from({ length: count }, (_, i) => ({ serialNumber: `${lotNumber}-${String(i + 1).padStart(3, "0")}` }))
                : null;
            const made = await output.run({
              input: { workOrderId: order.id, lotNumber, quantity: count, units, final, idempotencyKey: crypto.randomUUID() },
            });
            if (made) reload();
          }}
        >
          <TextField label={t("workOrder.lotNumber")} value={lotNumber} onChange={(e) => setLotNumber(e.target.value)} />
          <TextField label={t("workOrder.quantityMade")} type="number" min={1} value={outputQuantity} onChange={(e) => setOutputQuantity(e.target.value)} />
          <label>
            <input type="checkbox" checked={final} onChange={(e) => setFinal(e.target.checked)} /> {t("workOrder.lastOutput")}
          </label>
          <div className="actions">
            <button type="submit" disabled={output.busy || !lotNumber.trim()}>
              {t("workOrder.recordOutput")}
            </button>
          </div>
        </form>
      )}
      {cancelling && (
        <form
          aria-label={t("workOrder.cancel")}
          onSubmit={async (e) => {
            e.preventDefault();
            if (await cancel.run({ input: { workOrderId: order.id, reason } })) {
              setCancelling(false);
              reload();
            }
          }}
        >
          <TextField label={t("common:field.reason")} value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="actions">
            <button type="submit" className="primary" disabled={cancel.busy || !reason.trim()}>
              {t("workOrder.cancel")}
            </button>
            <button type="button" onClick={() => setCancelling(false)}>
              {t("workOrder.keep")}
            </button>
          </div>
        </form>
      )}
      <FormErrors messages={messages} />
      <BatchSteps number={order.number} onChange={reload} />
      <Section title={t("workOrder.components")}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("workOrder.col.component")}</th>
              <th scope="col">{t("workOrder.col.required")}</th>
              <th scope="col">{t("workOrder.col.issued")}</th>
              <th scope="col">{t("workOrder.col.reservedLots")}</th>
            </tr>
          </thead>
          <tbody>
            {order.components.map((c) => (
              <tr key={c.lineNumber}>
                <td>{c.lineNumber}</td>
                <td>{c.product.sku}</td>
                <td>{c.requiredQuantity}</td>
                <td>{c.issuedQuantity}</td>
                <td>{c.reservations.map((r) => `${r.lot.lotNumber} (${r.quantity})`).join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title={t("workOrder.operations")}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("workOrder.col.sequence")}</th>
              <th scope="col">{t("workOrder.col.operation")}</th>
              <th scope="col">{t("schedule.workCentre")}</th>
              <th scope="col">{t("workOrder.col.minutes")}</th>
              <th scope="col">{t("workOrder.col.start")}</th>
              <th scope="col">{t("workOrder.col.finish")}</th>
            </tr>
          </thead>
          <tbody>
            {order.operations.map((o) => (
              <tr key={o.sequence}>
                <td>{o.sequence}</td>
                <td>{o.name}</td>
                <td>{o.workCenter.code}</td>
                <td>{o.plannedMinutes}</td>
                <td>{formatDateTime(o.scheduledStart)}</td>
                <td>{formatDateTime(o.scheduledFinish)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </section>
  );
}
