import { describe, expect, it } from "vitest";
import { invoiceableShipments } from "./IssueInvoiceDialog";
import { BUCKETS } from "../../components/AgeingTable";
import { monthToDate } from "./Statement";

describe("the finance desk", () => {
  it("offers delivered shipments on no live invoice, and those of a void one again", () => {
    const shipments = [
      { id: "1", number: "SH-1", status: "DELIVERED", invoices: [] },
      { id: "2", number: "SH-2", status: "DELIVERED", invoices: [{ status: "OPEN" }] },
      { id: "3", number: "SH-3", status: "SHIPPED", invoices: [] },
      { id: "4", number: "SH-4", status: "DELIVERED", invoices: [{ status: "VOID" }] },
    ];
    expect(invoiceableShipments(shipments).map((s) => s.number)).toEqual(["SH-1", "SH-4"]);
    expect(invoiceableShipments(shipments, true).map((s) => s.number)).toEqual(["SH-1", "SH-3", "SH-4"]);
  });

  it("shows the statement month to date by default", () => {
    expect(monthToDate(new Date(2026, 11, 17))).toEqual({ from: "2026-12-01", to: "2026-12-17" });
  });

  it("names the ageing columns as the desk reads them", () => {
    expect(BUCKETS.map(([, label]) => label)).toEqual(["Current", "1–30", "31–60", "61–90", "Over 90"]);
  });
});
