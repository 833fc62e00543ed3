/**
 * Audit events in words: action codes as labels, and each change as
 * "Field: before → after" with the values formatted for the reader.
 */
import i18n from "../i18n";
import { enumLabel } from "../i18n/enumLabel";
import { formatDate, formatDateTime, formatMoney, formatNumber, humanize } from "./format";

// Action and field names come from the `components` catalogue (audit.action.*, audit.field.*).
function catalogued(key: string): string | null {
  const full = `components:audit.${key}`;
  return i18n.exists(full) ? (i18n.t(full as never) as string) : null;
}

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
  return (/^\w+\.[\w.]+$/.test(code) && catalogued(`action.${code}`)) || humanize(code.replace(/\./g, " ").replace(/_/g, " "));
}

/** "promised_delivery_date" -> "Promised delivery", "customer_id" -> "Customer". */
export function fieldLabel(field: string): string {
  const known = /^\w+$/.test(field) ? catalogued(`field.${field}`) : null;
  if (known) return known;
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
  if (typeof value === "boolean") return i18n.t(value ? "state.yes" : "state.no");
  if (typeof value === "number")
    return style.money ? formatMoney(String(value), style.currency) : formatNumber(value, Number.isInteger(value) ? 0 : 2);
  if (typeof value === "string") return formatText(value, style);
  if (Array.isArray(value)) {
    if (!value.length) return i18n.t("components:audit.none");
    return value.map((v) => (Array.isArray(v) ? `(${formatValue(v, style)})` : formatValue(v, style))).join(", ");
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length) return i18n.t("components:audit.none");
    return entries.map(([k, v]) => `${fieldLabel(k)}: ${formatValue(v, style)}`).join(", ");
  }
  return String(value);
}

function formatText(value: string, style: Style): string {
  if (style.money && DECIMAL.test(value)) return formatMoney(value, style.currency);
  if (CODE.test(value) || (style.enumField && WORD_CODE.test(value))) return enumLabel(value);
  if (DATE_TIME.test(value)) return formatDateTime(value);
  if (DATE.test(value)) return formatDate(value);
  return value;
}

export type AuditChange = { field: string; before: string | null; after: string | null };

/** "Status: Draft → Cancelled". */
export function describeChange(change: AuditChange, currency?: string): string {
  const options = { field: change.field, currency };
  return i18n.t("components:audit.change", {
    field: fieldLabel(change.field),
    before: formatAuditValue(change.before, options),
    after: formatAuditValue(change.after, options),
  });
}
