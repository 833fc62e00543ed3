import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Operation } from "@urql/core";
import { describe, expect, it } from "vitest";
import { renderPage, scriptedClient } from "../../test/render";
import { describeChange, OrderDetail } from "./OrderDetail";
import { LinePromiseText } from "./LinePromises";

const line = {
  id: "l1",
  lineNumber: 1,
  quantity: 6,
  unitPrice: "29.90",
  discountPercent: "0.00",
  taxRate: "0.0900",
  lineTotal: "179.40",
  shippedQuantity: 0,
  status: "OPEN",
  promise: { promisedDeliveryDate: "2026-12-05", late: true, fromStock: 6, source: "STOCK" },
  product: { id: "p1", sku: "CAN-IV20G", name: "IV cannula", trackingMode: "LOT" },
  allocations: [],
};

const salesOrder = {
  id: "o1",
  number: "SO-2026-0042",
  status: "APPROVED",
  availableActions: ["AMEND", "SHORT_CLOSE"],
  version: 2,
  latePromise: true,
  shipTo: null,
  versions: [
    { id: "v1", version: 1, createdAt: "2026-11-17T09:00:00+00:00", reason: null, total: "325.91", createdBy: null, changes: [] },
    {
      id: "v2",
      version: 2,
      createdAt: "2026-11-18T09:00:00+00:00",
      reason: "Customer needs fewer",
      total: "195.55",
      createdBy: { id: "u1", displayName: "Lukas Becker" },
      changes: [{ field: "quantity", lineNumber: 1, before: "10", after: "6" }],
    },
  ],
  createdAt: "2026-11-17T09:00:00+00:00",
  customerReference: null,
  requestedDeliveryDate: "2026-12-01",
  promisedDeliveryDate: "2026-12-05",
  currency: "EUR",
  subtotal: "179.40",
  taxTotal: "16.15",
  total: "195.55",
  customer: { id: "c1", code: "DIST-A", name: "Nordmed", creditLimit: "1000.00", receivableBalance: "0.00" },
  createdBy: null,
  lines: [line],
  approvals: null,
  shipments: [],
  invoices: [],
  documents: [],
};

const handlers = {
  OrderDetail: () => ({ data: { salesOrder } }),
  AuditTrail: () => ({ data: { auditTrail: { totalCount: 0, edges: [] } } }),
  OrderStatusChanged: () => new Promise<never>(() => {}),
  AmendSalesOrder: () => ({ data: { amendSalesOrder: { order: { id: "o1", version: 3, status: "APPROVED" }, userErrors: [] } } }),
};

describe("orders under change control", () => {
  it("shows the version, the history in words and late promises", async () => {
    renderPage(<OrderDetail />, { client: scriptedClient(handlers, []), roles: ["SALES"] });
    await screen.findByTestId("order-detail");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Version 2");
    expect(screen.getByTestId("version-history")).toHaveTextContent("Quantity, line 1: 10 → 6");
    expect(screen.getByRole("columnheader", { name: "Promised" })).toBeInTheDocument();
    expect(screen.getByText("Late")).toBeInTheDocument();
  });

  it("amends only what changed, on the version shown, with the reason", async () => {
    const calls: Operation[] = [];
    renderPage(<OrderDetail />, { client: scriptedClient(handlers, calls), roles: ["SALES"] });
    await userEvent.click(await screen.findByRole("button", { name: "Amend order" }));
    const quantity = screen.getByLabelText("Line 1 quantity");
    await userEvent.clear(quantity);
    await userEvent.type(quantity, "4");
    await userEvent.type(screen.getByLabelText("Reason for change"), "Fewer again");
    await userEvent.click(screen.getByRole("button", { name: "Save amendment" }));
    const amend = calls.find((c) => c.kind === "mutation");
    expect(amend?.variables).toMatchObject({
      input: { orderId: "o1", expectedVersion: 2, reason: "Fewer again", lines: [{ lineId: "l1", quantity: 4 }] },
    });
  });

  it("adds a line picked by SKU and names lines by their number, not their place", async () => {
    const calls: Operation[] = [];
    const suture = { id: "p2", sku: "SUT-PGA30", name: "Suture", unitPrice: "96.00", taxRate: "0.09", trackingMode: "LOT", availableQuantity: 40 };
    const cancelledFirst = {
      ...salesOrder,
      lines: [
        { ...line, id: "l0", lineNumber: 1, quantity: 0, status: "CANCELLED", lineTotal: "0.00" },
        { ...line, lineNumber: 2 },
      ],
    };
    const client = scriptedClient(
      {
        ...handlers,
        OrderDetail: () => ({ data: { salesOrder: cancelledFirst } }),
        ProductSearch: () => ({ data: { products: { edges: [{ node: suture }] } } }),
      },
      calls,
    );
    renderPage(<OrderDetail />, { client, roles: ["SALES"] });
    await userEvent.click(await screen.findByRole("button", { name: "Amend order" }));
    expect(screen.queryByLabelText("Line 1 quantity")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Line 2 quantity")).toHaveValue(6);
    const addLine = screen.getByRole("button", { name: "Add line" });
    expect(addLine).toBeDisabled();
    await userEvent.type(screen.getByLabelText("Product"), "SUT-PGA30 — Suture");
    await userEvent.click(addLine);
    const quantity = screen.getByLabelText("Line 3 quantity");
    await userEvent.clear(quantity);
    await userEvent.type(quantity, "2");
    await userEvent.type(screen.getByLabelText("Reason for change"), "Sutures too");
    await userEvent.click(screen.getByRole("button", { name: "Save amendment" }));
    const amend = calls.find((c) => c.kind === "mutation");
    expect(amend?.variables).toMatchObject({
      input: { orderId: "o1", expectedVersion: 2, reason: "Sutures too", lines: [{ productId: "p2", quantity: 2, discountPercent: "0" }] },
    });
  });

  it("shows each approval's level, superseded requests and who decided on whose behalf", async () => {
    const approval = { rule: "IMPLANT_TENDER", requiredRole: "SALES_MANAGER", comment: null, signature: null };
    const withApprovals = {
      ...salesOrder,
      approvals: [
        { ...approval, level: 1, orderVersion: 1, status: "SUPERSEDED", decidedBy: null, onBehalfOf: null },
        {
          ...approval,
          level: 1,
          orderVersion: 2,
          status: "APPROVED",
          decidedBy: { id: "u5", displayName: "Jana Wolf" },
          onBehalfOf: { id: "u3", displayName: "Maria Schmidt" },
        },
        { ...approval, requiredRole: "FINANCE", level: 2, orderVersion: 2, status: "PENDING", decidedBy: null, onBehalfOf: null },
      ],
    };
    const client = scriptedClient({ ...handlers, OrderDetail: () => ({ data: { salesOrder: withApprovals } }) }, []);
    renderPage(<OrderDetail />, { client, roles: ["SALES"] });
    const rows = (await screen.findAllByRole("row")).filter((r) => r.textContent?.includes("Implant tender"));
    expect(rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent))).toEqual([
      ["Implant tender (version 1)", "1", "Sales manager", "Superseded", "–"],
      ["Implant tender (version 2)", "1", "Sales manager", "Approved", "Jana Wolf on behalf of Maria Schmidt"],
      ["Implant tender (version 2)", "2", "Finance", "Pending", "–"],
    ]);
  });

  it("says a change and a promise in the issue's words", () => {
    expect(describeChange({ field: "quantity", lineNumber: 1, before: "10", after: "6" })).toBe("Quantity, line 1: 10 → 6");
    renderPage(
      <LinePromiseText line={{ quantity: 8, fromStock: 5, source: "LEAD_TIME", promisedDeliveryDate: "2026-12-20", late: true }} />,
      { client: scriptedClient({}, []) },
    );
    expect(screen.getByText(/5 from stock, rest by/)).toBeInTheDocument();
  });
});
