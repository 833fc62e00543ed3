import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Operation } from "@urql/core";
import { describe, expect, it } from "vitest";
import { renderPage, scriptedClient, type Answer } from "../../test/render";
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

type Input = { lines: { quantity: number }[] };

/** The server's preview of `quantity` boxes at 15 % off (figures as the server would give them). */
function preview(quantity: number, extra: Record<string, unknown> = {}): Answer {
  const net = (quantity * 27.625).toFixed(2);
  return {
    data: {
      previewSalesOrder: {
        lines: [
          {
            product: { id: "p1" },
            quantity,
            unitPrice: "32.50",
            listPrice: "34.00",
            discountPercent: "15",
            taxRate: "0.09",
            lineTotal: net,
            availableQuantity: 4400,
          },
        ],
        subtotal: net,
        taxTotal: (Number(net) * 0.09).toFixed(2),
        total: (Number(net) * 1.09).toFixed(2),
        approvalsNeeded: [
          { rule: "DISCOUNT", requiredRole: "SALES_MANAGER", reason: "A 15 % discount is more than sales may give alone." },
          { rule: "CREDIT_LIMIT", requiredRole: "FINANCE", reason: "DIST-B would owe more than its credit limit." },
        ],
        creditExposureAfter: "170111.25",
        creditLimit: "150000.00",
        userErrors: [],
        ...extra,
      },
    },
  };
}

const handlers = {
  OrderForm: () => ({
    data: {
      customers: {
        edges: [{ node: { id: "c1", code: "DIST-B", name: "Alpenland", minRemainingShelfLifeDays: 120 } }],
      },
    },
  }),
  ProductSearch: () => ({ data: { products: { edges: [{ node: product }] } } }),
  PreviewOrder: (variables: Record<string, unknown>) => preview((variables.input as Input).lines[0].quantity),
  AvailableToPromise: () => ({
    data: { availableToPromise: { promisedDeliveryDate: "2026-12-05", late: false, lines: [], userErrors: [] } },
  }),
};

async function fillLine(line: HTMLElement, quantity = "1000") {
  await userEvent.type(within(line).getByLabelText("Product"), "CAN-IV20G — IV cannula 20G, box of 50");
  const field = within(line).getByLabelText("Quantity");
  await userEvent.clear(field);
  await userEvent.type(field, quantity);
  await userEvent.type(within(line).getByLabelText("Discount %"), "15");
}

async function fillOrder() {
  await userEvent.selectOptions(await screen.findByLabelText("Customer"), "c1");
  await fillLine(screen.getByTestId("line-0"));
}

const previews = (calls: Operation[]) =>
  calls.filter((c) => c.query.definitions.some((d) => d.kind === "OperationDefinition" && d.name?.value === "PreviewOrder"));

describe("NewOrder", () => {
  it("shows the server's preview: priced lines, totals with tax, approvals and credit exposure", async () => {
    const calls: Operation[] = [];
    renderPage(<NewOrder />, { client: scriptedClient(handlers, calls) });
    await fillOrder();
    expect(await screen.findByTestId("order-total")).toHaveTextContent(/30,111\.25/);
    expect(screen.getByLabelText("Line 1 net")).toHaveTextContent(/27,625\.00/);
    expect(screen.getByTestId("order-subtotal")).toHaveTextContent(/27,625\.00/);
    expect(screen.getByTestId("order-tax")).toHaveTextContent(/2,486\.25/);
    const approvals = screen.getByRole("group", { name: "Approvals needed" });
    expect(approvals).toHaveTextContent("A 15 % discount is more than sales may give alone.");
    expect(approvals).toHaveTextContent("DIST-B would owe more than its credit limit.");
    expect(screen.getByTestId("credit-exposure")).toHaveTextContent(/170,111\.25.*of €150,000\.00 limit/);
    expect(screen.getByLabelText("Quantity")).toHaveAccessibleDescription("4,400 available");
    expect(screen.getByLabelText("Unit price")).toHaveAccessibleDescription(/Customer's price €32\.50 \(list €34\.00\)/);

    // Asked once the typing paused, not on every keystroke, with what the user typed.
    const asked = previews(calls);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.length).toBeLessThanOrEqual(3);
    expect(asked.at(-1)!.variables).toMatchObject({
      input: { customerId: "c1", lines: [{ productId: "p1", quantity: 1000, discountPercent: "15", unitPrice: null }] },
    });
  });

  it("keeps the last preview on screen while the next one loads", async () => {
    let answer: ((a: Answer) => void) | null = null;
    const client = scriptedClient({
      ...handlers,
      PreviewOrder: (variables) => {
        const quantity = (variables.input as Input).lines[0].quantity;
        return quantity === 10000 ? new Promise<Answer>((resolve) => (answer = resolve)) : preview(quantity);
      },
    });
    renderPage(<NewOrder />, { client });
    await fillOrder();
    expect(await screen.findByTestId("order-total")).toHaveTextContent(/30,111\.25/);

    await userEvent.type(screen.getByLabelText("Quantity"), "0");
    expect(await screen.findByText("Updating prices…")).toBeInTheDocument();
    expect(screen.getByTestId("order-total")).toHaveTextContent(/30,111\.25/);

    await waitFor(() => expect(answer).not.toBeNull());
    answer!(preview(10000));
    await waitFor(() => expect(screen.getByTestId("order-total")).toHaveTextContent(/301,112\.50/));
    expect(screen.queryByText("Updating prices…")).not.toBeInTheDocument();
  });

  it("shows the preview's refusals at the line they name", async () => {
    const client = scriptedClient({
      ...handlers,
      PreviewOrder: (variables) =>
        preview((variables.input as Input).lines[0].quantity, {
          approvalsNeeded: [],
          userErrors: [
            { field: ["input", "lines", "0", "quantity"], message: "Only 4400 available.", code: "INSUFFICIENT_STOCK" },
            { field: null, message: "Customer is on credit hold.", code: "INVALID" },
          ],
        }),
    });
    renderPage(<NewOrder />, { client });
    await userEvent.selectOptions(await screen.findByLabelText("Customer"), "c1");
    // The first line stays empty, so the previewed line 0 is the form's second line.
    await userEvent.click(screen.getByRole("button", { name: "Add line" }));
    const second = screen.getByTestId("line-1");
    await fillLine(second, "5000");

    const quantity = within(second).getByLabelText("Quantity");
    await waitFor(() => expect(quantity).toHaveAccessibleDescription("Only 4400 available."));
    expect(quantity).toHaveAttribute("aria-invalid", "true");
    expect(within(screen.getByTestId("line-0")).getByLabelText("Quantity")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByRole("list", { name: "Problems found by the preview" })).toHaveTextContent(
      "Customer is on credit hold.",
    );
    expect(screen.getByText("No approval needed.")).toBeInTheDocument();
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
