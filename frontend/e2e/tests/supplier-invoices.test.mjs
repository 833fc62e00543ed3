// Buyer and finance on the money side of purchasing: an invoice billed above the PO price
// waits On hold, the buyer approves its price variance with a reason and it is Open;
// finance records an invoice from a received purchase order and pays it, and sees stock
// valued at lot cost against account 1300, and what is owed to suppliers.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

test("a buyer approves the price variance of an invoice on hold", async () => {
  const page = await newPage(browser);
  await signIn(page, "buyer");
  await page.getByRole("link", { name: "Supplier invoices" }).click();
  await page.getByRole("heading", { name: "Supplier invoices", level: 1 }).waitFor();
  const row = page.getByRole("row").filter({ hasText: "ALP-INV-24031" });
  await row.getByText("On hold", { exact: true }).waitFor();
  await row.getByRole("link").click();
  await page.getByRole("heading", { name: /^AP-\d{4}-\d{6}$/, level: 1 }).waitFor();
  await page.getByRole("columnheader", { name: "Price variance" }).waitFor();
  // 30 dressings billed at 7.21 against the PO price of 6.80: 12.30 over
  const line = page.getByRole("table", { name: "Invoice lines" }).getByRole("row").nth(1);
  assert.match(await line.innerText(), /12[.,]30/);
  assert.match(await line.innerText(), /Price variance/);
  await page.getByRole("button", { name: "Approve variance" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Reason").fill("Price rise for sterile packaging agreed with the supplier");
  await dialog.getByRole("button", { name: "Approve", exact: true }).click();
  await dialog.waitFor({ state: "detached" });
  await page.locator(".page-head").getByText("Open", { exact: true }).waitFor();
  await page.getByText("Approved with variance").waitFor();
  await screenshot(page, "supplier-invoice-approved");
  await page.close();
});

test("finance records and pays a supplier invoice, and sees stock value and payables", async () => {
  // A sent order of 10 dressings, 4 received: what there is to invoice.
  const { data: ids } = await gql("buyer", `{ suppliers(first: 50) { edges { node { id code } } }
    warehouses { id code } products(first: 50) { edges { node { id sku } } } }`);
  const supplier = ids.suppliers.edges.find((e) => e.node.code === "SUP-ALP").node.id;
  const site = ids.warehouses.find((w) => w.code === "DE-LEJ").id;
  const product = ids.products.edges.find((e) => e.node.sku === "DRS-WD1010").node.id;
  const { data: made } = await gql("buyer", `mutation($input: CreatePurchaseOrderInput!) {
    createPurchaseOrder(input: $input) { purchaseOrder { id number lines { id } } } }`, {
    input: { supplierId: supplier, warehouseId: site, lines: [{ productId: product, quantity: 10 }] },
  });
  const order = made.createPurchaseOrder.purchaseOrder;
  for (const action of ["submitPurchaseOrder", "sendPurchaseOrder"]) {
    await gql("buyer", `mutation($input: PurchaseOrderActionInput!) { ${action}(input: $input) {
      purchaseOrder { status } } }`, { input: { purchaseOrderId: order.id } });
  }
  const { data: received } = await gql("warehouse", `mutation($input: ReceiveGoodsInput!) {
    receiveGoods(input: $input) { lots { id } userErrors { message } } }`, {
    input: {
      supplierId: supplier, warehouseId: site, purchaseOrderId: order.id,
      lines: [{ productId: product, lotNumber: `E2E-${Date.now()}`, quantity: 4, purchaseOrderLineId: order.lines[0].id }],
    },
  });
  assert.deepEqual(received.receiveGoods.userErrors, []);

  const page = await newPage(browser);
  await signIn(page, "finance");
  await page.getByRole("link", { name: "Supplier invoices" }).click();
  await page.getByRole("button", { name: "Record supplier invoice" }).click();
  const purchaseOrder = page.getByLabel("Purchase order");
  const value = await purchaseOrder.locator("option", { hasText: order.number }).getAttribute("value");
  await purchaseOrder.selectOption(value);
  assert.equal(await page.getByLabel("Quantity line 1").inputValue(), "4");
  assert.equal(await page.getByLabel("Unit price line 1").inputValue(), "6.80");
  await page.getByLabel("Supplier's invoice number").fill(`ALP-E2E-${Date.now()}`);
  await page.getByLabel("Tax").fill("5.71");
  await page.getByLabel("Total").fill("33.00"); // 27.20 + 5.71 is 32.91
  await page.getByRole("button", { name: "Record invoice" }).click();
  await page.getByRole("alert").getByText(/not 33.00/).waitFor();
  await page.getByLabel("Total").fill("32.91");
  await page.getByRole("button", { name: "Record invoice" }).click();
  await page.getByRole("heading", { name: /^AP-\d{4}-\d{6}$/, level: 1 }).waitFor();
  await page.locator(".page-head").getByText("Open", { exact: true }).waitFor();
  await page.getByText("Matched", { exact: true }).waitFor();

  await page.getByRole("button", { name: "Record payment" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Amount").fill("40.00");
  await dialog.getByLabel("Reference").fill("SEPA E2E");
  await dialog.getByRole("button", { name: "Record payment" }).click();
  await dialog.getByRole("alert").getByText(/above the open balance/).waitFor();
  await dialog.getByLabel("Amount").fill("32.91");
  await dialog.getByRole("button", { name: "Record payment" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.locator(".page-head").getByText("Paid", { exact: true }).waitFor();

  // stock at lot cost against account 1300, and what is owed to suppliers
  await page.getByRole("link", { name: "Stock valuation" }).click();
  await page.getByRole("heading", { name: "Stock valuation", level: 1 }).waitFor();
  const difference = await page.getByTestId("valuation-difference").innerText();
  assert.match(difference, /^€?\s?0[.,]00\s?€?$/);
  await page.getByRole("table", { name: "Valuation per warehouse" }).getByText("DE-LEJ").waitFor();
  await screenshot(page, "stock-valuation");
  await page.getByRole("link", { name: "Payables ageing" }).click();
  await page.getByRole("heading", { name: "Payables ageing", level: 1 }).waitFor();
  // the demo's overdue invoice is in the 1–30 days bucket
  const row = page.getByRole("row").filter({ hasText: "SUP-ALP" });
  assert.notEqual((await row.innerText()).trim(), "");
  await page.close();
});
