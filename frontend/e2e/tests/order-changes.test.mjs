// Orders under change control (issue 14): an amendment becomes version 2 with a readable
// history, and short-closing cancels what has not shipped.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;
let orderNumber;

async function firstId(query, field, search) {
  const found = await gql("admin", `query($s: String) { ${query}(first: 5, search: $s) { edges { node { id } } } }`, { s: search });
  return found.data[field].edges[0].node.id;
}

before(async () => {
  browser = await launchBrowser();
  const customerId = await firstId("customers", "customers", "DIST-A");
  const productId = await firstId("products", "products", "CAN-IV20G");
  const made = await gql(
    "sales",
    `mutation($input: CreateSalesOrderInput!) { createSalesOrder(input: $input) { order { id number } userErrors { message } } }`,
    { input: { customerId, customerReference: "E2E-CHANGE", lines: [{ productId, quantity: 10 }] } },
  );
  assert.deepEqual(made.data.createSalesOrder.userErrors, []);
  const order = made.data.createSalesOrder.order;
  orderNumber = order.number;
  const submitted = await gql("sales", `mutation($id: ID!) { submitSalesOrder(orderId: $id) { order { status } userErrors { message } } }`, { id: order.id });
  assert.equal(submitted.data.submitSalesOrder.order.status, "APPROVED");
});
after(() => browser?.close());

test("sales amends the quantity and the order shows version 2 with its history", async () => {
  const page = await newPage(browser);
  await signIn(page, "sales");
  await page.goto(`/orders/${orderNumber}`);
  await page.getByRole("heading", { level: 1 }).filter({ hasText: "Version 1" }).waitFor();
  await page.getByRole("columnheader", { name: "Promised" }).waitFor();
  await page.getByRole("button", { name: "Amend order" }).click();
  await page.getByLabel("Line 1 quantity").fill("6");
  await page.getByLabel("Reason for change").fill("Customer needs fewer");
  await page.getByRole("button", { name: "Save amendment" }).click();
  await page.getByRole("heading", { level: 1 }).filter({ hasText: "Version 2" }).waitFor();
  const history = page.getByTestId("version-history");
  await history.getByText("Quantity, line 1: 10 → 6").waitFor();
  await history.getByText("Customer needs fewer").waitFor();
  await screenshot(page, "sales-order-amended");
  await page.context().close();
});

test("sales short-closes the rest and the line shows cancelled", async () => {
  const page = await newPage(browser);
  await signIn(page, "sales");
  await page.goto(`/orders/${orderNumber}`);
  await page.getByRole("button", { name: "Short-close…" }).click();
  await page.getByLabel("Reason for closing").fill("Customer withdrew the rest");
  await page.getByRole("button", { name: "Close remaining lines" }).click();
  await page.getByRole("heading", { level: 1 }).filter({ hasText: "Version 3" }).waitFor();
  await page.getByRole("cell", { name: "Cancelled", exact: true }).waitFor();
  const status = await gql("sales", `query($n: String!) { salesOrder(number: $n) { status total } }`, { n: orderNumber });
  assert.equal(status.data.salesOrder.status, "CANCELLED");
  assert.equal(status.data.salesOrder.total, "0.00");
  await screenshot(page, "sales-order-short-closed");
  await page.context().close();
});
