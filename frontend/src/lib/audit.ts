/**
 * Audit events in words: action codes as labels, and each change as
 * "Field: before → after" with the values formatted for the reader.
 */
import { formatDate, formatDateTime, formatMoney, formatNumber, humanize } from "./format";

const ACTION_LABELS: Record<string, string> = {
  "approval.decided": "Approval decided",
  "customer.created": "Customer created",
  "document.attached": "Document attached",
  "inspection.recorded": "Inspection recorded",
  "invoice.issued": "Invoice issued",
  "lot.held": "Lot put on hold",
  "lot.migrated": "Lot taken over from the previous system",
  "lot.produced": "Lot produced",
  "lot.quarantined": "Lot quarantined",
  "lot.recalled": "Lot recalled",
  "lot.received": "Lot received",
  "lot.rejected": "Lot rejected",
  "lot.released": "Lot released",
  "lot.status_changed": "Lot status changed",
  "order.allocated": "Stock allocated",
  "order.cancelled": "Order cancelled",
  "order.created": "Order created",
  "order.released": "Reservations released",
  "order.status_changed": "Status changed",
  "payment.recorded": "Payment recorded",
  "price.set": "Price set",
  "product.created": "Product created",
  "quote.converted": "Quote converted into an order",
  "quote.created": "Quote created",
  "recall.acknowledged": "Recall acknowledged",
  "recall.initiated": "Recall initiated",
  "return.received": "Return received",
  "seed.demo": "Demo data loaded",
  "shipment.created": "Shipment created",
  "shipment.delivered": "Delivery confirmed",
  "stock.opening_balance": "Opening stock recorded",
  "stock.transferred": "Stock transferred",
  "supplier.created": "Supplier created",
  "webhook_delivery.retried": "Webhook delivery retried",
  "webhook_endpoint.created": "Webhook endpoint created",
  "webhook_endpoint.deleted": "Webhook endpoint deleted",
  "webhook_endpoint.updated": "Webhook endpoint updated",
};

const FIELD_LABELS: Record<string, string> = {
  acknowledged_at: "Acknowledged",
  backordered: "Backordered",
  delivered_at: "Delivered",
  lines: "Lines",
  meaning: "Signature meaning",
  picks: "Picks",
  promised_delivery_date: "Promised delivery",
  released: "Reservations released",
  rules: "Approval rules",
  sha256: "SHA-256",
  unapplied: "Unapplied amount",
};

// Fields whose decimal values are amounts of money.
const MONEY_FIELDS = new Set(["amount", "amount_paid", "balance", "credit_limit", "subtotal", "tax_total", "total", "unapplied", "unit_price"]);
// Fields that hold enum codes ("status", "approval_status", "required_role"...); elsewhere only
// codes with an underscore ("PENDING_APPROVAL") read as enums, so "EUR" or "DIST-A" stay as they are.
const ENUM_FIELD = /(^|_)(status|kind|result|role|class|mode)$/;
const CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;
const WORD_CODE = /^[A-Z][A-Z0-9_]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** "order.status_changed" -> "Status changed"; an unknown code still reads as words. */
export function actionLabel(code: string): string {
  return ACTION_LABELS[code] ?? humanize(code.replace(/\./g, " ").replace(/_/g, " "));
}

/** "promised_delivery_date" -> "Promised delivery", "customer_id" -> "Customer". */
export function fieldLabel(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const snake = field.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/_id$/i, "");
  return humanize(snake);
}

type Options = { field: string; currency?: string };

/** One side of a change, given as JSON text; no value reads "—". */
export function formatAuditValue(json: string | null, { field, currency = "EUR" }: Options): string {
  if (json === null) return "—";
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return json;
  }
  return formatValue(value, { money: MONEY_FIELDS.has(field), enumField: ENUM_FIELD.test(field), currency });
}

type Style = { money: boolean; enumField: boolean; currency: string };

function formatValue(value: unknown, style: Style): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number")
    return style.money ? formatMoney(String(value), style.currency) : formatNumber(value, Number.isInteger(value) ? 0 : 2);
  if (typeof value === "string") return formatText(value, style);
  if (Array.isArray(value)) {
    if (!value.length) return "none";
    return value.map((v) => (Array.isArray(v) ? `(${formatValue(v, style)})` : formatValue(v, style))).join(", ");
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length) return "none";
    return entries.map(([k, v]) => `${fieldLabel(k)}: ${formatValue(v, style)}`).join(", ");
  }
  return String(value);
}

function formatText(value: string, style: Style): string {
  if (style.money && DECIMAL.test(value)) return formatMoney(value, style.currency);
  if (CODE.test(value) || (style.enumField && WORD_CODE.test(value))) return humanize(value);
  if (DATE_TIME.test(value)) return formatDateTime(value);
  if (DATE.test(value)) return formatDate(value);
  return value;
}

export type AuditChange = { field: string; before: string | null; after: string | null };

/** "Status: Draft → Cancelled". */
export function describeChange(change: AuditChange, currency?: string): string {
  const options = { field: change.field, currency };
  return `${fieldLabel(change.field)}: ${formatAuditValue(change.before, options)} → ${formatAuditValue(change.after, options)}`;
}
