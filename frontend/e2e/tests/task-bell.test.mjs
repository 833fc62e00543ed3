// The header's bell: the viewer's open tasks, counted live, each a link to its page.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;
let customerId;
let productId;
before(async () => {
  browser = await launchBrowser();
  const found = await gql(
    "sales",
    `{ customers(first: 20, search: "DIST-A") { edges { node { id code } } }
       products(first: 50) { edges { node { id sku } } } }`,
  );
  customerId = found.data.customers.edges.find((e) => e.node.code === "DIST-A").node.id;
  productId = found.data.products.edges[0].node.id;
});
after(() => browser?.close());

/** An order with a 15 % discount, submitted: it waits for a sales manager's approval. */
async function orderNeedingApproval() {
  const created = await gql(
    "sales",
    `mutation($input: CreateSalesOrderInput!) { createSalesOrder(input: $input) {
       order { id number } userErrors { code message } } }`,
    { input: { customerId, lines: [{ productId, quantity: 1, discountPercent: "15" }] } },
  );
  const order = created.data.createSalesOrder.order;
  assert.ok(order, JSON.stringify(created.data.createSalesOrder.userErrors));
  const submitted = await gql(
    "sales",
    `mutation($id: ID!) { submitSalesOrder(orderId: $id) { order { status } userErrors { code } } }`,
    { id: order.id },
  );
  assert.equal(submitted.data.submitSalesOrder.order.status, "PENDING_APPROVAL");
  return order.number;
}

async function bellCount(page) {
  const bell = page.getByTestId("task-bell");
  await bell.and(page.locator("[data-count]")).waitFor();
  return Number(await bell.getAttribute("data-count"));
}

for (const width of [1280, 800]) {
  test(`a new approval appears in the manager's bell without a reload and leads to the order (${width} px)`, async () => {
    const page = await newPage(browser, { width });
    await signIn(page, "manager");
    const before = await bellCount(page);
    const number = await orderNeedingApproval();
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="task-bell"]')?.dataset.count) === n,
      before + 1,
    );
    const bell = page.getByRole("button", { name: `${before + 1} open tasks` });
    await bell.click();
    const panel = page.getByRole("region", { name: "Your tasks" });
    const link = panel.getByRole("link", { name: new RegExp(`Approve order ${number}`) });
    await link.waitFor();
    await screenshot(page, `task-bell-${width}`);
    await link.click();
    await page.waitForURL(`**/orders/${number}`);
    await page.getByRole("heading", { level: 1, name: new RegExp(number) }).waitFor();
    assert.equal(await panel.count(), 0, "following a task closes the menu");
    await page.context().close();
  });
}

test("a partner's bell lists only its own recall notices, and the warehouse has no approvals", async () => {
  const page = await newPage(browser);
  await signIn(page, "partner-a");
  await bellCount(page);
  await page.getByTestId("task-bell").click();
  const panel = page.getByRole("region", { name: "Your tasks" });
  await panel.waitFor();
  const links = await panel.getByRole("link").all();
  for (const link of links) {
    assert.match(await link.innerText(), /^Acknowledge recall notice /);
    assert.equal(await link.getAttribute("href"), "/portal/recalls");
  }
  await page.context().close();

  const warehouse = await newPage(browser);
  await signIn(warehouse, "warehouse");
  await bellCount(warehouse);
  await warehouse.getByTestId("task-bell").click();
  const none = warehouse.getByRole("region", { name: "Your tasks" });
  await none.waitFor();
  assert.equal(await none.getByRole("link", { name: /Approve order/ }).count(), 0);
  await warehouse.context().close();
});
