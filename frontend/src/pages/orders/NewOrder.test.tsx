import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderPage, scriptedClient } from "../../test/render";
import NewOrder from "./NewOrder";

const product = {
  id: "p1",
  sku: "CAN-IV20G",
  name: "IV cannula 20G, box of 50",
  unitPrice: "32.50",
  taxRate: "0.09",
  trackingMode: "LOT",
  availableQuantity: 4400,
};
const handlers = {
  OrderForm: () => ({
    data: {
      customers: {
        edges: [
          {
            node: {
              id: "c1",
              code: "DIST-B",
              name: "Alpenland",
              creditLimit: "150000.00",
              receivableBalance: "140000.00",
              minRemainingShelfLifeDays: 120,
            },
          },
        ],
      },
    },
  }),
  ProductSearch: () => ({ data: { products: { edges: [{ node: product }] } } }),
};

async function fillOrder() {
  await userEvent.selectOptions(await screen.findByLabelText("Customer"), "c1");
  await userEvent.type(screen.getByLabelText("Product"), "CAN-IV20G — IV cannula 20G, box of 50");
  const quantity = screen.getByLabelText("Quantity");
  await userEvent.clear(quantity);
  await userEvent.type(quantity, "1000");
  await userEvent.type(screen.getByLabelText("Discount %"), "15");
}

describe("NewOrder", () => {
  it("previews the discounted line and the approvals it will need", async () => {
    renderPage(<NewOrder />, { client: scriptedClient(handlers) });
    await fillOrder();
    expect(screen.getByLabelText("Line 1 net")).toHaveTextContent(/27,625\.00/);
    expect(screen.getByText(/needs a sales manager's approval/)).toBeInTheDocument();
    expect(screen.getByText(/over its credit limit/)).toBeInTheDocument();
    expect(screen.getByLabelText("Quantity")).toHaveAccessibleDescription("4,400 available");
  });

  it("shows the server's refusal next to the field it names", async () => {
    const client = scriptedClient({
      ...handlers,
      CreateOrder: () => ({
        data: {
          createSalesOrder: {
            order: null,
            userErrors: [
              { field: ["input", "lines", "0", "quantity"], message: "Only 4400 available.", code: "INSUFFICIENT_STOCK" },
              { field: null, message: "Customer is on credit hold.", code: "INVALID" },
            ],
          },
        },
      }),
    });
    renderPage(<NewOrder />, { client });
    await fillOrder();
    await userEvent.click(screen.getByRole("button", { name: "Create and submit" }));
    const quantity = screen.getByLabelText("Quantity");
    expect(await screen.findByText("Only 4400 available.")).toBeInTheDocument();
    expect(quantity).toHaveAttribute("aria-invalid", "true");
    expect(quantity).toHaveAccessibleDescription("Only 4400 available.");
    expect(screen.getByText("Customer is on credit hold.")).toBeInTheDocument();
  });

  it("explains that a mutation is not available yet", async () => {
    const client = scriptedClient({
      ...handlers,
      CreateOrder: () => ({ errors: [{ message: "createSalesOrder is not available yet.", code: "NOT_IMPLEMENTED" }] }),
    });
    renderPage(<NewOrder />, { client });
    await fillOrder();
    await userEvent.click(screen.getByRole("button", { name: "Create and submit" }));
    expect(await screen.findByText("Not available yet: createSalesOrder is not available yet.")).toBeInTheDocument();
  });
});
