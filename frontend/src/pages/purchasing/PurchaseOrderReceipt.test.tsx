import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderPage, scriptedClient } from "../../test/render";
import { ReceiptAgainstOrder } from "./PurchaseOrderReceipt";

const orders = () => ({
  data: {
    purchaseOrders: {
      edges: [
        {
          node: {
            id: "po1",
            number: "PO-2026-000042",
            status: "SENT",
            supplier: { id: "s1", code: "SUP-ALP", name: "Alpine Components" },
            shipTo: { id: "w1", code: "DE-LEJ" },
            lines: [{ id: "l1", lineNumber: 1, quantity: 20, receivedQuantity: 12, product: { id: "p1", sku: "CMP-BRD-01", name: "Board" } }],
          },
        },
      ],
    },
  },
});

describe("Goods receipt against a purchase order", () => {
  it("lists the order's lines and sends the receipt against its line; shows OVER_RECEIPT at the quantity", async () => {
    let sent: Record<string, unknown> | undefined;
    const client = scriptedClient({
      ReceivableOrders: orders,
      ReceiveAgainstOrder: (variables) => {
        sent = variables.input as Record<string, unknown>;
        return {
          data: {
            receiveGoods: {
              receipt: null,
              lots: [],
              userErrors: [{ field: ["input", "lines", "0", "quantity"], code: "OVER_RECEIPT", message: "At most 21 in total." }],
            },
          },
        };
      },
    });
    renderPage(<ReceiptAgainstOrder otherwise={<p>Free receipt</p>} />, { client, roles: ["WAREHOUSE"], username: "warehouse", path: "/warehouse/receipts", route: "/warehouse/receipts" });
    expect(await screen.findByText("Free receipt")).toBeInTheDocument();
    const choice = screen.getByLabelText("Purchase order");
    await screen.findByRole("option", { name: /PO-2026-000042/ });
    await userEvent.selectOptions(choice, "po1");
    expect(screen.getByText(/ordered 20, received 12/)).toBeInTheDocument();
    expect(screen.queryByText("Free receipt")).toBeNull();
    await userEvent.type(screen.getByLabelText("Quantity"), "10");
    await userEvent.type(screen.getByLabelText("Lot number"), "BRD-9");
    await userEvent.type(screen.getByLabelText("Supplier lot number"), "ALP-9");
    await userEvent.click(screen.getByRole("button", { name: "Receive into quarantine" }));
    expect(await screen.findByText("At most 21 in total.")).toBeInTheDocument();
    expect(sent).toMatchObject({
      supplierId: "s1",
      warehouseId: "w1",
      purchaseOrderId: "po1",
      lines: [{ productId: "p1", purchaseOrderLineId: "l1", quantity: 10, lotNumber: "BRD-9", supplierLotNumber: "ALP-9", expiresOn: null }],
    });
  });
});
