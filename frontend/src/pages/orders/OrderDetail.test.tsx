import { screen } from "@testing-library/react";
import type { Operation } from "@urql/core";
import { afterEach, describe, expect, it } from "vitest";
import i18n from "../../i18n";
import { renderPage, scriptedClient } from "../../test/render";
import { OrderDetail } from "./OrderDetail";

const salesOrder = {
  id: "o1",
  number: "SO-2026-0042",
  status: "APPROVED",
  availableActions: ["CANCEL"],
  version: 1,
  versions: [],
  latePromise: false,
  shipTo: null,
  createdAt: "2026-11-17T09:00:00+00:00",
  customerReference: null,
  requestedDeliveryDate: null,
  promisedDeliveryDate: null,
  currency: "EUR",
  subtotal: "100.00",
  taxTotal: "9.00",
  total: "109.00",
  customer: { id: "c1", code: "DIST-A", name: "Nordmed", creditLimit: "1000.00", receivableBalance: "0.00" },
  createdBy: null,
  lines: [],
  approvals: null,
  shipments: [],
  invoices: [],
  documents: [],
};

const handlers = {
  OrderDetail: () => ({ data: { salesOrder } }),
  AuditTrail: () => ({ data: { auditTrail: { totalCount: 0, edges: [] } } }),
  OrderStatusChanged: () => new Promise<never>(() => {}), // no event while the test looks
};
const detail = (calls: Operation[]) => calls.find((c) => c.kind === "query" && "staff" in (c.variables ?? {}));

describe("OrderDetail", () => {
  it("is the portal view when the server says the viewer is a partner", async () => {
    const calls: Operation[] = [];
    renderPage(<OrderDetail />, { client: scriptedClient(handlers, calls), roles: ["PARTNER"], isPartner: true });
    await screen.findByTestId("order-detail");
    expect(detail(calls)?.variables).toMatchObject({ staff: false });
    expect(screen.queryByRole("heading", { name: "Audit history" })).not.toBeInTheDocument();
  });

  it("is the staff view for a PARTNER+SALES user the server counts as staff", async () => {
    const calls: Operation[] = [];
    renderPage(<OrderDetail />, { client: scriptedClient(handlers, calls), roles: ["PARTNER", "SALES"], isPartner: false });
    await screen.findByTestId("order-detail");
    expect(detail(calls)?.variables).toMatchObject({ staff: true });
    expect(await screen.findByRole("heading", { name: "Audit history" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Cancel order…" })).toBeInTheDocument();
  });

  it("links the customer's name to the customer's page for staff", async () => {
    renderPage(<OrderDetail />, { client: scriptedClient(handlers) });
    const link = await screen.findByRole("link", { name: "Nordmed" });
    expect(link).toHaveAttribute("href", "/customers/c1");
  });

  it("shows a partner its own company's name without a link", async () => {
    renderPage(<OrderDetail />, { client: scriptedClient(handlers), roles: ["PARTNER"], isPartner: true });
    await screen.findByTestId("order-detail");
    expect(screen.getByText(/Nordmed/)).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Nordmed" })).not.toBeInTheDocument();
  });

  describe("in Chinese", () => {
    afterEach(() => i18n.changeLanguage("en"));

    it("reads in Chinese with money formatted for zh-CN", async () => {
      await i18n.changeLanguage("zh-CN");
      renderPage(<OrderDetail />, { client: scriptedClient(handlers) });
      expect(await screen.findByRole("heading", { name: /订单 SO-2026-0042/ })).toBeInTheDocument();
      expect(screen.getByRole("button", { name: "取消订单…" })).toBeInTheDocument();
      const total = new Intl.NumberFormat("zh-CN", { style: "currency", currency: "EUR" }).format(109);
      expect(screen.getByText(total)).toBeInTheDocument();
    });
  });
});
