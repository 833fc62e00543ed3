import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderPage, scriptedClient } from "../../test/render";
import Fulfilment from "./Fulfilment";

const order = (n: number, promised: string | null) => ({
  __typename: "SalesOrder",
  id: `o${n}`,
  number: `SO-${n}`,
  status: "APPROVED",
  availableActions: ["ALLOCATE"],
  requestedDeliveryDate: null,
  promisedDeliveryDate: promised,
  customer: { __typename: "Customer", id: "c1", code: "DIST-A", name: "Nordmed" },
  lines: [],
});

const page = (orders: ReturnType<typeof order>[], next: string | null) => ({
  data: {
    salesOrders: {
      __typename: "SalesOrderConnection",
      edges: orders.map((node) => ({ __typename: "SalesOrderEdge", node })),
      pageInfo: { __typename: "PageInfo", hasNextPage: next !== null, endCursor: next },
    },
  },
});

describe("Fulfilment", () => {
  it("shows the server's order and loads the next page on Load more", async () => {
    const asked: unknown[] = [];
    const client = scriptedClient({
      Fulfilment: (variables) => {
        asked.push(variables.after);
        return variables.after === "c2"
          ? page([order(3, null)], null)
          : page([order(2, "2026-12-01"), order(1, "2026-12-05")], "c2");
      },
    });
    renderPage(<Fulfilment />, { client, roles: ["WAREHOUSE"], username: "warehouse" });
    await screen.findByText("SO-2");
    const numbers = () => screen.getAllByTestId("queue-row").map((r) => r.dataset.order);
    // As the server sent them: no re-sorting in the browser.
    expect(numbers()).toEqual(["SO-2", "SO-1"]);
    await userEvent.click(screen.getByRole("button", { name: "Load more" }));
    await screen.findByText("SO-3");
    expect(numbers()).toEqual(["SO-2", "SO-1", "SO-3"]);
    await waitFor(() => expect(screen.queryByRole("button", { name: "Load more" })).toBeNull());
    // The first page, then the one after its cursor (a page may be asked for again, never another).
    expect(new Set(asked)).toEqual(new Set([null, "c2"]));
  });
});
