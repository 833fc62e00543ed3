import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderPage, scriptedClient } from "../../test/render";
import ApprovalsInbox from "./ApprovalsInbox";

const order = (number: string, availableActions: string[]) => ({
  id: `id-${number}`,
  number,
  availableActions,
  createdAt: "2026-11-17T09:00:00+00:00",
  currency: "EUR",
  total: "1090.00",
  customer: { id: "c1", code: "DIST-A", name: "Nordmed", creditLimit: "1000.00", receivableBalance: "0.00" },
  createdBy: { id: "u1", displayName: "Sam Sales" },
  lines: [],
  approvals: [{ rule: "DISCOUNT", requiredRole: "SALES_MANAGER", status: "PENDING" }],
});

describe("ApprovalsInbox", () => {
  it("lists the server's inbox and offers the decisions it allows", async () => {
    const client = scriptedClient({
      PendingApprovals: () => ({
        data: { approvalsInbox: { edges: [{ node: order("SO-1", ["APPROVE", "REJECT"]) }, { node: order("SO-2", ["REJECT"]) }] } },
      }),
    });
    renderPage(<ApprovalsInbox />, { client, roles: ["SALES"] });
    const [first, second] = await screen.findAllByTestId("approval-request");
    expect(within(first).getByRole("button", { name: "Approve" })).toBeInTheDocument();
    expect(within(first).getByRole("button", { name: "Reject" })).toBeInTheDocument();
    expect(within(second).queryByRole("button", { name: "Approve" })).not.toBeInTheDocument();
    expect(within(second).getByRole("button", { name: "Reject" })).toBeInTheDocument();
  });

  it("says so when nothing waits", async () => {
    const client = scriptedClient({ PendingApprovals: () => ({ data: { approvalsInbox: { edges: [] } } }) });
    renderPage(<ApprovalsInbox />, { client, roles: ["SALES_MANAGER"] });
    expect(await screen.findByText("Nothing waits for your decision.")).toBeInTheDocument();
  });
});
