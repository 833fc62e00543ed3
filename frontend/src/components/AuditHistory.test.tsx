import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderPage, scriptedClient } from "../test/render";
import { AuditHistory } from "./AuditHistory";

const event = (id: string, action: string, changes: { field: string; before: string | null; after: string | null }[], reason: string | null = null) => ({
  node: {
    id,
    occurredAt: "2026-11-17T09:00:00+00:00",
    action,
    reason,
    actor: { id: "u1", displayName: "Sam Sales" },
    changes,
  },
});

const trail = {
  AuditTrail: () => ({
    data: {
      auditTrail: {
        totalCount: 3,
        edges: [
          event("e1", "order.created", [
            { field: "number", before: null, after: '"SO-2026-0042"' },
            { field: "total", before: null, after: '"8349.00"' },
          ]),
          event("e2", "order.status_changed", [{ field: "status", before: '"DRAFT"', after: '"CANCELLED"' }], "Customer withdrew the PO"),
          event("e3", "inventory.recounted", []),
        ],
      },
    },
  }),
};

describe("AuditHistory", () => {
  it("shows each change in words, with human labels for the actions", async () => {
    renderPage(<AuditHistory entityId="o1" currency="EUR" />, { client: scriptedClient(trail) });
    await screen.findByText("Status: Draft → Cancelled");
    const items = [...document.querySelectorAll<HTMLElement>("ol.timeline > li")];
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent("Order created by Sam Sales");
    expect(within(items[0]).getByText("Number: — → SO-2026-0042")).toBeInTheDocument();
    expect(within(items[0]).getByText("Total: — → €8,349.00")).toBeInTheDocument();
    expect(items[1]).toHaveTextContent("Status changed by Sam Sales — Customer withdrew the PO");
    expect(within(items[1]).getByText("Status: Draft → Cancelled")).toBeInTheDocument();
    expect(items[2]).toHaveTextContent("Inventory recounted");
  });

  it("shows no action codes or hash fragments", async () => {
    const { container } = renderPage(<AuditHistory entityId="o1" />, { client: scriptedClient(trail) });
    await screen.findByText("Status: Draft → Cancelled");
    expect(container).not.toHaveTextContent("order.status_changed");
    expect(container).not.toHaveTextContent(/[0-9a-f]{12}/);
    expect(container.querySelector("code")).toBeNull();
  });
});
