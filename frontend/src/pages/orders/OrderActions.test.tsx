import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Operation } from "@urql/core";
import { describe, expect, it, vi } from "vitest";
import { renderPage, scriptedClient } from "../../test/render";
import { OrderActions, type OrderAction } from "./OrderActions";

type Order = Parameters<typeof OrderActions>[0]["order"];

const order = (status: string, availableActions: OrderAction[], approvals: unknown[] = []) =>
  ({ id: "o1", number: "SO-2026-0042", status, availableActions, approvals }) as unknown as Order;

const payload = (name: string) => () => ({
  data: { [name]: { order: { id: "o1", number: "SO-2026-0042", status: "APPROVED" }, userErrors: [] } },
});
const client = (calls?: Operation[]) =>
  scriptedClient({ SubmitOrder: payload("submitSalesOrder"), AllocateOrder: payload("allocateSalesOrder") }, calls);

describe("OrderActions", () => {
  it("shows exactly the actions the server offers, whatever the roles", () => {
    renderPage(<OrderActions order={order("DRAFT", ["SUBMIT", "CANCEL"])} onChanged={() => {}} />, {
      client: client(),
      roles: ["WAREHOUSE"],
    });
    expect(screen.getByRole("button", { name: "Submit for approval" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Cancel order…" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Allocate stock" })).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Pick and ship" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Approve" })).not.toBeInTheDocument();
  });

  it("does not read the status: what is offered is shown", () => {
    renderPage(<OrderActions order={order("DRAFT", ["ALLOCATE", "SHIP"])} onChanged={() => {}} />, {
      client: client(),
      roles: ["SALES"],
    });
    expect(screen.getByRole("button", { name: "Allocate stock" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Pick and ship" })).toHaveAttribute("href", "/warehouse/orders/SO-2026-0042");
    expect(screen.queryByRole("button", { name: "Submit for approval" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Cancel order…" })).not.toBeInTheDocument();
  });

  it("offers only the decisions the server allows", () => {
    const pending = [{ rule: "DISCOUNT", requiredRole: "SALES_MANAGER", status: "PENDING" }];
    renderPage(<OrderActions order={order("PENDING_APPROVAL", ["APPROVE"], pending)} onChanged={() => {}} />, {
      client: client(),
      roles: ["SALES"],
    });
    expect(screen.getByText(/waits for your decision \(sales manager\)/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Approve" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Reject" })).not.toBeInTheDocument();
  });

  it("shows nothing when nothing is offered, even to an admin", () => {
    renderPage(<OrderActions order={order("APPROVED", [])} onChanged={() => {}} />, { client: client(), roles: ["ADMIN"] });
    expect(screen.queryByLabelText("Order actions")).not.toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });

  it("runs the offered step and reloads the order", async () => {
    const calls: Operation[] = [];
    const onChanged = vi.fn();
    renderPage(<OrderActions order={order("DRAFT", ["SUBMIT"])} onChanged={onChanged} />, { client: client(calls) });
    await userEvent.click(screen.getByRole("button", { name: "Submit for approval" }));
    expect(calls.find((c) => c.kind === "mutation")?.variables).toEqual({ orderId: "o1" });
    expect(onChanged).toHaveBeenCalled();
  });

  it("asks for a reason before cancelling", async () => {
    const calls: Operation[] = [];
    const cancel = () => ({
      data: { cancelSalesOrder: { order: { id: "o1", number: "SO-2026-0042", status: "CANCELLED" }, userErrors: [] } },
    });
    const onChanged = vi.fn();
    renderPage(<OrderActions order={order("APPROVED", ["CANCEL"])} onChanged={onChanged} />, {
      client: scriptedClient({ CancelOrder: cancel }, calls),
    });
    await userEvent.click(screen.getByRole("button", { name: "Cancel order…" }));
    expect(screen.getByRole("button", { name: "Cancel order" })).toBeDisabled();
    await userEvent.type(screen.getByLabelText("Reason for cancelling"), "Customer withdrew the PO");
    await userEvent.click(screen.getByRole("button", { name: "Cancel order" }));
    expect(calls.find((c) => c.kind === "mutation")?.variables).toEqual({ orderId: "o1", reason: "Customer withdrew the PO" });
    expect(onChanged).toHaveBeenCalled();
  });
});
