import { describe, expect, it } from "vitest";
import { actionLabel, describeChange, fieldLabel, formatAuditValue } from "./audit";
import { formatDate } from "./format";

describe("audit in words", () => {
  it("labels known action codes and reads unknown ones as words", () => {
    expect(actionLabel("order.status_changed")).toBe("Status changed");
    expect(actionLabel("approval.decided")).toBe("Approval decided");
    expect(actionLabel("widget.serial_frobbed")).toBe("Widget serial frobbed");
  });

  it("labels fields for people", () => {
    expect(fieldLabel("status")).toBe("Status");
    expect(fieldLabel("customer_id")).toBe("Customer");
    expect(fieldLabel("promised_delivery_date")).toBe("Promised delivery");
    expect(fieldLabel("requestedDeliveryDate")).toBe("Requested delivery date");
  });

  it("shows a status change as before and after in words", () => {
    expect(describeChange({ field: "status", before: '"DRAFT"', after: '"CANCELLED"' })).toBe("Status: Draft → Cancelled");
    expect(describeChange({ field: "status", before: null, after: '"PENDING_APPROVAL"' })).toBe("Status: — → Pending approval");
  });

  it("formats values by kind", () => {
    expect(formatAuditValue("10", { field: "quantity" })).toBe("10");
    expect(formatAuditValue("1500", { field: "lines" })).toBe("1,500");
    expect(formatAuditValue('"8349.00"', { field: "total", currency: "EUR" })).toBe("€8,349.00");
    expect(formatAuditValue("true", { field: "approved" })).toBe("Yes");
    expect(formatAuditValue('"2026-11-26"', { field: "promised_delivery_date" })).toBe(formatDate("2026-11-26"));
    expect(formatAuditValue('["DISCOUNT_ABOVE_LIMIT", "CREDIT_LIMIT"]', { field: "rules" })).toBe(
      "Discount above limit, Credit limit",
    );
    expect(formatAuditValue('{"12": 5}', { field: "backordered" })).toBe("12: 5");
    expect(formatAuditValue("[]", { field: "serials" })).toBe("none");
    expect(formatAuditValue("null", { field: "reason" })).toBe("—");
    expect(formatAuditValue(null, { field: "reason" })).toBe("—");
  });

  it("keeps codes that are not enums as they are", () => {
    expect(formatAuditValue('"SO-2026-0042"', { field: "number" })).toBe("SO-2026-0042");
    expect(formatAuditValue('"EUR"', { field: "currency" })).toBe("EUR");
    expect(formatAuditValue('"PASS"', { field: "result" })).toBe("Pass");
    expect(formatAuditValue('"APPROVED"', { field: "approval_status" })).toBe("Approved");
    expect(formatAuditValue("not json", { field: "note" })).toBe("not json");
  });
});
