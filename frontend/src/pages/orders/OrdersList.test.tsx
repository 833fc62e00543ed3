import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Operation } from "@urql/core";
import { describe, expect, it } from "vitest";
import { renderPage, scriptedClient } from "../../test/render";
import { OrdersList } from "./OrdersList";

const order = (number: string, status: string) => ({
  id: `id-${number}`,
  number,
  status,
  createdAt: "2026-11-17T09:00:00+00:00",
  customerReference: "PO-1",
  promisedDeliveryDate: "2026-11-26",
  currency: "EUR",
  total: "8349.00",
  customer: { id: "c1", code: "DIST-A", name: "Nordmed" },
});

const page = (nodes: ReturnType<typeof order>[], hasNextPage = false) => ({
  data: {
    salesOrders: {
      totalCount: nodes.length,
      pageInfo: { hasNextPage, endCursor: hasNextPage ? "cursor-1" : null },
      edges: nodes.map((node) => ({ node })),
    },
  },
});
const customers = () => ({ data: { customers: { edges: [] } } });

describe("OrdersList", () => {
  it("lists orders with status chips and money in the user's locale", async () => {
    const client = scriptedClient({ Orders: () => page([order("SO-1", "SHIPPED")]), CustomerChoices: customers });
    renderPage(<OrdersList />, { client });
    const table = await screen.findByTestId("orders-table");
    const row = within(table).getAllByRole("row")[1];
    expect(within(row).getByRole("link", { name: "SO-1" })).toHaveAttribute("href", "/orders/SO-1");
    expect(within(row).getByText("Shipped")).toHaveAttribute("data-status", "SHIPPED");
    expect(row).toHaveTextContent(/8,349\.00/);
  });

  it("filters by status chip and pages with the cursor", async () => {
    const calls: Operation[] = [];
    const client = scriptedClient(
      { Orders: () => page([order("SO-1", "PENDING_APPROVAL")], true), CustomerChoices: customers },
      calls,
    );
    renderPage(<OrdersList />, { client });
    await screen.findByTestId("orders-table");
    await userEvent.click(screen.getByRole("button", { name: "Pending approval" }));
    expect(screen.getByRole("button", { name: "Pending approval" })).toHaveAttribute("aria-pressed", "true");
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    const last = calls.filter((c) => c.kind === "query" && "first" in (c.variables ?? {})).at(-1)!;
    expect(last.variables).toMatchObject({ after: "cursor-1", filter: { status: ["PENDING_APPROVAL"] } });
  });

  it("says so when nothing matches", async () => {
    const client = scriptedClient({ Orders: () => page([]), CustomerChoices: customers });
    renderPage(<OrdersList />, { client });
    expect(await screen.findByText("No orders match these filters.")).toBeInTheDocument();
  });

  it("shows a refused request as an error with a retry", async () => {
    const client = scriptedClient({
      Orders: () => ({ errors: [{ message: "denied", code: "FORBIDDEN" }] }),
      CustomerChoices: customers,
    });
    renderPage(<OrdersList />, { client });
    expect(await screen.findByRole("alert")).toHaveTextContent("You are not allowed to see or do this.");
    expect(screen.getByRole("button", { name: "Retry" })).toBeInTheDocument();
  });
});
