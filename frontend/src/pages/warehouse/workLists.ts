/** Ordering and figures of the warehouse and QA work lists, kept apart from the screens to be tested alone. */
import i18n from "../../i18n";
import { enumLabel } from "../../i18n/enumLabel";


type QueuedOrder = {
  number: string;
  promisedDeliveryDate: string | null;
  requestedDeliveryDate: string | null;
  lines: readonly { quantity: number; shippedQuantity: number; status: string }[];
};

/** The date the customer counts on: the promise, else the request; null when neither is set. */
export function dueDate(order: Pick<QueuedOrder, "promisedDeliveryDate" | "requestedDeliveryDate">): string | null {
  return order.promisedDeliveryDate ?? order.requestedDeliveryDate;
}

/** Units still to ship on the lines that remain open (short-closed and cancelled lines ship no more). */
export function quantityToShip(order: Pick<QueuedOrder, "lines">): number {
  return order.lines
    .filter((l) => l.status === "OPEN")
    .reduce((sum, l) => sum + Math.max(0, l.quantity - l.shippedQuantity), 0);
}

type WaitingLot = {
  inspections: readonly { result: string; inspectedAt: string }[];
  inspectionTasks: readonly { status: string }[];
};

/** Where a waiting lot stands with QA, in the user's language: its latest inspection's result, else an open task, else nothing yet. */
export function inspectionState(lot: WaitingLot): string {
  const latest = [...lot.inspections].sort((a, b) => (a.inspectedAt < b.inspectedAt ? 1 : -1))[0];
  if (latest)
    return latest.result === "PASS"
      ? i18n.t("warehouse:inspectionState.passed")
      : latest.result === "FAIL"
        ? i18n.t("warehouse:inspectionState.failed")
        : enumLabel(latest.result);
  if (lot.inspectionTasks.some((t) => t.status === "PENDING")) return i18n.t("warehouse:inspectionState.due");
  return i18n.t("warehouse:inspectionState.notInspected");
}
