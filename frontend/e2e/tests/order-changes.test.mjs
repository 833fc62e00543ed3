// Orders under change control: a draft edited in place, an amendment becomes
// version 2 with a readable history, a bigger discount asks again (the earlier request
// superseded), lines added by SKU, short-closing cancels what has not shipped, and the
// demo's short-closed and late orders read as such.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;
let orderNumber;

async function firstId(query, field, search) {
  const found = await gql("admin", `query($s: String) { ${query}(first: 5, search: $s) { edges { node { id } } } }`, { s: search });
  return found.data[field].edges[0].node.id;
}

async function createOrder(reference, quantity, submit) {
  const customerId = await firstId("customers", "customers", "DIST-A");
  const productId = await firstId("products", "products", "CAN-IV20G");
  const made = await gql(
    "sales",
    `mutation($input: CreateSalesOrderInput!) { createSalesOrder(input: $input) { order { id number } userErrors { message } } }`,
    { input: { customerId, customerReference: reference, lines: [{ productId, quantity }] } },
  );
  assert.deepEqual(made.data.createSalesOrder.userErrors, []);
  const order = made.data.createSalesOrder.order;
  if (submit) {
    const submitted = await gql("sales", `mutation($id: ID!) { submitSalesOrder(orderId: $id) { order { status } userErrors { message } } }`, { id: order.id });
    assert.equal(submitted.data.submitSalesOrder.order.status, "APPROVED");
  }
  return order.number;
}

async function orderByReference(reference) {
  const found = await gql("sales", `query($s: String) { salesOrders(first: 5, filter: { search: $s }) { edges { node { number customerReference } } } }`, { s: reference });
  return found.data.salesOrders.edges.find((e) => e.node.customerReference === reference).node.number;
}

const heading = (page, text) => page.getByRole("heading", { level: 1 }).filter({ hasText: text }).waitFor();

before(async () => {
  browser = await launchBrowser();
  orderNumber = await createOrder("E2E-CHANGE", 10, true);
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
  // The audit history follows at once, without reloading the page.
  const audit = page.getByRole("region", { name: "Audit history" });
  await audit.getByText("Order amended").first().waitFor();
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

test("sales edits a draft in place: Save draft keeps version 1", async () => {
  const number = await createOrder("E2E-DRAFT", 4, false);
  const page = await newPage(browser);
  await signIn(page, "sales");
  await page.goto(`/orders/${number}`);
  await page.getByRole("button", { name: "Edit draft" }).click();
  await page.getByLabel("Line 1 quantity").fill("7");
  await page.getByRole("button", { name: "Save draft" }).click();
  await page.getByRole("button", { name: "Edit draft" }).waitFor();
  await heading(page, "Version 1");
  const saved = await gql("sales", `query($n: String!) { salesOrder(number: $n) { status version lines { quantity } } }`, { n: number });
  assert.deepEqual(saved.data.salesOrder, { status: "DRAFT", version: 1, lines: [{ quantity: 7 }] });
  await page.context().close();
});

test("a bigger discount asks again, the earlier request is superseded, a line is added by SKU", async () => {
  const number = await createOrder("E2E-DISCOUNT", 10, true);
  const page = await newPage(browser);
  await signIn(page, "sales");
  await page.goto(`/orders/${number}`);
  await page.getByRole("button", { name: "Amend order" }).click();
  await page.getByLabel("Line 1 discount %").fill("15");
  await page.getByLabel("Reason for change").fill("Tender discount");
  await page.getByRole("button", { name: "Save amendment" }).click();
  await heading(page, "Version 2");
  await page.getByRole("cell", { name: "Pending", exact: true }).waitFor();

  await page.getByRole("button", { name: "Amend order" }).click();
  await page.getByLabel("Line 1 discount %").fill("12");
  const product = page.getByLabel("Product");
  await product.fill("DRS-WD1010");
  await page.locator("datalist option").first().waitFor({ state: "attached" });
  await product.fill(await page.locator("datalist option").first().getAttribute("value"));
  await page.getByRole("button", { name: "Add line" }).click();
  await page.getByLabel("Line 2 quantity").fill("2");
  await page.getByLabel("Reason for change").fill("Final tender terms, with dressings");
  await page.getByRole("button", { name: "Save amendment" }).click();
  await heading(page, "Version 3");
  await page.getByRole("cell", { name: "Superseded", exact: true }).waitFor();
  const history = page.getByTestId("version-history");
  await history.getByText("Discount %, line 1: 15.00 → 12.00").waitFor();
  await history.getByText(/Line added, line 2: – → 2 × DRS-WD1010/).waitFor();
  await screenshot(page, "sales-order-superseded");
  await page.context().close();
});

test("sales amends the unit price and the history shows the old and new price", async () => {
  const number = await createOrder("E2E-PRICE", 4, true);
  const listed = await gql("sales", `query($n: String!) { salesOrder(number: $n) { lines { unitPrice } } }`, { n: number });
  const before = listed.data.salesOrder.lines[0].unitPrice;
  const lower = (Number(before) * 0.95).toFixed(2);
  const page = await newPage(browser);
  await signIn(page, "sales");
  await page.goto(`/orders/${number}`);
  await heading(page, "Version 1");
  await page.getByRole("button", { name: "Amend order" }).click();
  await page.getByLabel("Line 1 unit price").fill(lower);
  await page.getByLabel("Reason for change").fill("Agreed price for this delivery");
  await page.getByRole("button", { name: "Save amendment" }).click();
  await heading(page, "Version 2");
  await page.getByTestId("version-history").getByText(`Unit price, line 1: ${before} → ${lower}`).waitFor();
  const saved = await gql("sales", `query($n: String!) { salesOrder(number: $n) { version lines { unitPrice } } }`, { n: number });
  assert.deepEqual(saved.data.salesOrder, { version: 2, lines: [{ unitPrice: lower }] });
  await page.context().close();
});

test("a decision by a delegate shows on behalf of the delegator", async () => {
  const viewer = async (username) => (await gql(username, "{ viewer { id displayName } }")).data.viewer;
  const [manager, qa] = [await viewer("manager"), await viewer("qa")];
  const today = new Date().toISOString().slice(0, 10);
  const delegated = await gql(
    "manager",
    `mutation($input: DelegateApprovalsInput!) { delegateApprovals(input: $input) { delegation { id } userErrors { message } } }`,
    { input: { delegateId: qa.id, roles: ["SALES_MANAGER"], validFrom: today, validUntil: today } },
  );
  assert.deepEqual(delegated.data.delegateApprovals.userErrors, []);
  const delegationId = delegated.data.delegateApprovals.delegation.id;
  try {
    const number = await createOrder("E2E-DELEGATED", 10, true);
    const page = await newPage(browser);
    await signIn(page, "sales");
    await page.goto(`/orders/${number}`);
    await page.getByRole("button", { name: "Amend order" }).click();
    await page.getByLabel("Line 1 discount %").fill("15");
    await page.getByLabel("Reason for change").fill("Tender discount");
    await page.getByRole("button", { name: "Save amendment" }).click();
    await heading(page, "Version 2");
    await page.getByRole("cell", { name: "Pending", exact: true }).waitFor();
    await page.context().close();

    const { data } = await gql("qa", `query($n: String!) { salesOrder(number: $n) { id } }`, { n: number });
    const decided = await gql(
      "qa",
      `mutation($input: DecideApprovalInput!) { decideApproval(input: $input) { order { status } userErrors { message } } }`,
      { input: { orderId: data.salesOrder.id, approve: true, signature: { password: "demo1234", meaning: "Approved" } } },
    );
    assert.deepEqual(decided.data.decideApproval.userErrors, []);

    const viewerPage = await newPage(browser);
    await signIn(viewerPage, "manager");
    await viewerPage.goto(`/orders/${number}`);
    await heading(viewerPage, "Version 2");
    const row = viewerPage.getByRole("row").filter({ hasText: "Discount over 10" });
    await row.getByText("Approved", { exact: true }).waitFor();
    await row.getByText(`${qa.displayName} on behalf of ${manager.displayName}`).waitFor();
    await screenshot(viewerPage, "sales-order-approved-on-behalf");
    await viewerPage.context().close();
  } finally {
    await gql("manager", `mutation($id: ID!) { endApprovalDelegation(delegationId: $id) { delegation { active } } }`, { id: delegationId });
  }
});

test("the demo's short-closed order and its late, three-version order read as such", async () => {
  const page = await newPage(browser);
  await signIn(page, "sales");
  await page.goto(`/orders/${await orderByReference("PO-NM-7802")}`);
  await page.getByRole("cell", { name: "Short-closed", exact: true }).waitFor();
  await page.getByRole("cell", { name: "Cancelled", exact: true }).waitFor();
  await page.goto(`/orders/${await orderByReference("PO-NM-7781")}`);
  await heading(page, "Version 3");
  await page.getByRole("cell", { name: /Late/ }).first().waitFor();
  await page.getByTestId("version-history").getByText("Quantity, line 1: 10 → 6").waitFor();
  await screenshot(page, "sales-order-late-promise");
  await page.context().close();
});
