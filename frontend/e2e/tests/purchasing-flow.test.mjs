// The purchasing flow on screen: a buyer's order above 5,000.00 EUR waits for finance's signed
// approval, is sent with its PDF, the warehouse receives part of it into quarantine against
// its line, and the buyer's planning run makes requisitions for the demo shortfall.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { PASSWORD, gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;
let orderNumber;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

async function choose(select, text) {
  const value = await select.locator("option", { hasText: text }).first().getAttribute("value");
  await select.selectOption(value);
}

async function sign(page, name) {
  const dialog = page.getByRole("dialog", { name });
  await dialog.getByLabel("Password").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Sign" }).click();
  await dialog.waitFor({ state: "detached" });
}

test("an order above the threshold is approved by finance, then sent with its PDF", async () => {
  const buyer = await newPage(browser);
  await signIn(buyer, "buyer");
  await buyer.getByRole("link", { name: "Purchase orders" }).click();
  await buyer.getByRole("link", { name: "New purchase order" }).click();
  await choose(buyer.getByLabel("Supplier"), "SUP-ALP");
  await choose(buyer.getByLabel("Ship to"), "DE-LEJ");
  await choose(buyer.getByLabel("Product"), "CMP-BRD-01");
  assert.equal(await buyer.getByLabel("Unit price").inputValue(), "38.50");
  await buyer.getByLabel("Quantity").fill("200");
  await buyer.getByRole("button", { name: "Save draft" }).click();
  const heading = buyer.getByRole("heading", { name: /^PO-\d{4}-\d{6}$/, level: 1 });
  await heading.waitFor();
  orderNumber = await heading.innerText();
  await buyer.getByRole("button", { name: "Submit" }).click();
  await buyer.getByText("Pending approval", { exact: true }).first().waitFor();
  assert.equal(await buyer.getByRole("button", { name: "Send to supplier" }).count(), 0);

  const finance = await newPage(browser);
  await signIn(finance, "finance");
  await finance.getByRole("link", { name: "Requisitions" }).click();
  await finance.getByRole("heading", { name: "Waiting for approval" }).waitFor();
  await finance.getByRole("button", { name: `Approve purchase order ${orderNumber}` }).click();
  await sign(finance, `Approve purchase order ${orderNumber}`);
  await finance.getByRole("button", { name: `Approve purchase order ${orderNumber}` }).waitFor({ state: "detached" });
  // The demo requisition waiting for approval is decided the same way.
  const pending = finance.getByRole("button", { name: /^Approve requisition PR-/ }).first();
  const label = await pending.getAttribute("aria-label");
  await pending.click();
  await sign(finance, label);
  await screenshot(finance, "purchasing-approvals-inbox");
  await finance.context().close();

  await buyer.reload();
  await buyer.getByRole("heading", { name: orderNumber, level: 1 }).waitFor();
  await buyer.getByRole("button", { name: "Send to supplier" }).click();
  await buyer.getByText("Sent", { exact: true }).first().waitFor();
  const download = buyer.waitForEvent("download");
  await buyer.getByRole("button", { name: "Download PDF" }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), `${orderNumber}.pdf`);
  await screenshot(buyer, "purchasing-order-sent-with-pdf");
  await buyer.context().close();
});

test("the warehouse receives part of the order into quarantine against its line", async () => {
  assert.ok(orderNumber, "the order of the first test");
  const page = await newPage(browser);
  await signIn(page, "warehouse");
  await page.getByRole("link", { name: "Goods receipt" }).click();
  await page.getByRole("heading", { name: "Goods receipt", level: 1 }).waitFor();
  await choose(page.getByLabel("Purchase order"), orderNumber);
  await page.getByText("ordered 200, received 0").waitFor();
  await page.getByLabel("Quantity").fill("120");
  await page.getByLabel("Lot number", { exact: true }).fill("E2E-BRD-01");
  await page.getByLabel("Supplier lot number").fill("ALP-E2E-7");
  await page.getByLabel("Expires on").fill("2031-06-30");
  await page.getByRole("button", { name: "Receive into quarantine" }).click();
  const done = page.getByRole("status").filter({ hasText: "Received into quarantine" });
  await done.waitFor();
  assert.match(await done.innerText(), /E2E-BRD-01/);
  await page.getByText("ordered 200, received 120").waitFor();
  await screenshot(page, "purchasing-goods-receipt");
  await page.close();
  const order = await gql("warehouse", `query($n: String!) { purchaseOrder(number: $n) {
    status receipts { lines { quantity lot { status supplierLotNumber } } } } }`, { n: orderNumber });
  assert.deepEqual(order.data.purchaseOrder, {
    status: "PARTIALLY_RECEIVED",
    receipts: [{ lines: [{ quantity: 120, lot: { status: "QUARANTINE", supplierLotNumber: "ALP-E2E-7" } }] }],
  });
});

test("a planning run makes requisitions for the demo shortfall and backorder", async () => {
  const page = await newPage(browser);
  await signIn(page, "buyer");
  await page.getByRole("link", { name: "Planning" }).click();
  await page.getByRole("heading", { name: "Purchase planning", level: 1 }).waitFor();
  await page.getByRole("cell", { name: "DRS-WD1010" }).waitFor();
  await page.getByRole("button", { name: "Run planning" }).click();
  const made = page.getByRole("status").filter({ hasText: "Requisitions made" });
  await made.waitFor();
  const text = await made.innerText();
  assert.match(text, /PR-\d{4}-\d{6}/);
  assert.match(text, /DRS-WD1010 \(Reorder point\)/);
  assert.match(text, /SUT-PGA30 \(Backorder\)/);
  await page.getByRole("button", { name: "Run planning" }).click();
  await page.getByRole("status").filter({ hasText: "Nothing to buy" }).waitFor();
  await screenshot(page, "purchasing-planning");
  await page.close();
});
