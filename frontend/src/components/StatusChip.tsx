import { useTranslation } from "react-i18next";
import { enumLabel } from "../i18n/enumLabel";

const TONES: Record<string, string> = {
  DRAFT: "neutral",
  PENDING_APPROVAL: "warn",
  APPROVED: "info",
  REJECTED: "danger",
  ALLOCATED: "info",
  PARTIALLY_SHIPPED: "info",
  SHIPPED: "ok",
  DELIVERED: "ok",
  INVOICED: "ok",
  CLOSED: "neutral",
  CANCELLED: "neutral",
  QUARANTINE: "warn",
  RELEASED: "ok",
  ON_HOLD: "warn",
  RECALLED: "danger",
  PENDING: "warn",
  PASS: "ok",
  FAIL: "danger",
  OPEN: "warn",
  PAID: "ok",
  PARTIALLY_PAID: "info",
  VOID: "neutral",
  PICKING: "info",
};

export function StatusChip({ status }: { status: string }) {
  useTranslation(); // re-render when the language changes
  return (
    <span className={`chip chip-${TONES[status] ?? "neutral"}`} data-status={status}>
      {enumLabel(status)}
    </span>
  );
}
