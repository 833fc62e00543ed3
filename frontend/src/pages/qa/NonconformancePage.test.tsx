import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderPage, scriptedClient } from "../../test/render";
import NonconformancePage from "./NonconformancePage";

const nc = (status: string) => ({
  id: "nc1",
  number: "NC-2026-000007",
  title: "Cracked housing",
  description: "Two field reports",
  source: "CUSTOMER_COMPLAINT",
  severity: "MAJOR",
  status,
  openedAt: "2026-11-30T09:00:00+00:00",
  rootCause: status === "OPEN" ? null : "Mould wear",
  disposition: status === "OPEN" ? null : "USE_AS_IS",
  dispositionComment: null,
  closedAt: null,
  openedBy: { id: "u1", displayName: "Sam Sales" },
  lot: { id: "l1", lotNumber: "HSG-2402", status: "ON_HOLD", product: { id: "p1", sku: "CMP-HSG-02", gtin: "1" } },
  customer: null,
  notes: [],
  holds: [{ id: "h1", number: "HLD-2026-000003", scope: "WHOLE_LOT", status: "ACTIVE", quantity: null, warehouse: null }],
  capas: [],
});

describe("NonconformancePage", () => {
  it("decides a disposition with a root cause and a signature, then offers to close", async () => {
    let status = "OPEN";
    const decided: Record<string, unknown>[] = [];
    const client = scriptedClient({
      Nonconformance: () => ({ data: { node: nc(status) } }),
      DecideNonconformance: (variables) => {
        decided.push(variables);
        status = "DISPOSITIONED";
        return { data: { decideNonconformance: { nonconformance: { id: "nc1", status }, userErrors: [] } } };
      },
    });
    renderPage(<NonconformancePage />, { client, roles: ["QA_MANAGER"], path: "/qa/nonconformances/nc1", route: "/qa/nonconformances/:id" });
    expect(await screen.findByRole("heading", { name: /NC-2026-000007/ })).toBeInTheDocument();
    expect(screen.getByText(/HLD-2026-000003: whole lot/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Close…" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Decide disposition…" }));
    await userEvent.type(screen.getByLabelText("Root cause"), "Mould wear");
    await userEvent.selectOptions(screen.getByLabelText("Disposition"), "SCRAP");
    await userEvent.type(screen.getByLabelText("Password"), "demo1234");
    await userEvent.click(screen.getByRole("button", { name: "Sign" }));
    expect(await screen.findByRole("button", { name: "Close…" })).toBeInTheDocument();
    expect(decided[0]).toMatchObject({
      input: { nonconformanceId: "nc1", rootCause: "Mould wear", disposition: "SCRAP", signature: { password: "demo1234" } },
    });
  });

  it("offers no decision to someone who is not a QA manager", async () => {
    const client = scriptedClient({ Nonconformance: () => ({ data: { node: nc("OPEN") } }) });
    renderPage(<NonconformancePage />, { client, roles: ["QA_INSPECTOR"], path: "/qa/nonconformances/nc1", route: "/qa/nonconformances/:id" });
    expect(await screen.findByRole("heading", { name: /NC-2026-000007/ })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Decide disposition…" })).not.toBeInTheDocument();
  });
});
