// The header's bell: the viewer's open tasks, counted live, each a link to its page.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { BASE_URL, chooseLanguage, gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

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

/** A sales manager of its own: choosing a language is saved with the account, and no demo
 * user other tests sign in as may change language. */
async function newSalesManager() {
  const username = `bell-${randomUUID().slice(0, 8)}`;
  const temporary = "temporary-Pass-1";
  const password = "a-long-own-password";
  const made = await gql("admin", `mutation($input: CreateUserInput!) { createUser(input: $input) { userErrors { message } } }`, {
    input: { username, displayName: `Bell ${username}`, email: `${username}@example.com`, roles: ["SALES_MANAGER"], password: temporary },
  });
  assert.deepEqual(made.data.createUser.userErrors, []);
  const { access_token } = await (
    await fetch(`${BASE_URL}/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: temporary }),
    })
  ).json();
  const changed = await fetch(`${BASE_URL}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${access_token}` },
    body: JSON.stringify({
      query: `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { userErrors { message } } }`,
      variables: { input: { currentPassword: temporary, newPassword: password } },
    }),
  });
  assert.deepEqual((await changed.json()).data.changePassword.userErrors, []);
  return { username, password };
}

test("in Chinese the bell, its panel and its tasks speak Chinese, and the KPIs show zh-CN money and months", async () => {
  const { username, password } = await newSalesManager();
  const page = await newPage(browser);
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("signed-in-user").filter({ hasText: username }).waitFor();
  await chooseLanguage(page, "zh-CN");

  const before = await bellCount(page);
  const number = await orderNeedingApproval();
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="task-bell"]')?.dataset.count) === n,
    before + 1,
  );
  await page.getByRole("button", { name: `${before + 1} 项待办任务` }).click();
  const panel = page.getByRole("region", { name: "我的任务" });
  await panel.getByRole("heading", { name: "我的任务" }).waitFor();
  await panel.getByRole("link", { name: `审批订单 ${number}` }).waitFor();
  await screenshot(page, "task-bell-zh");

  // The KPI page: heading in Chinese, this month's revenue as zh-CN money.
  await page.getByRole("navigation").getByRole("link", { name: "关键指标" }).click();
  await page.getByRole("heading", { level: 1, name: "关键指标" }).waitFor();
  const pad = (n) => String(n).padStart(2, "0");
  const today = new Date();
  const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const kpis = await gql("manager", `query($from: Date!, $to: Date!) { kpis(from: $from, to: $to) { revenue } }`, {
    from: iso(new Date(today.getFullYear(), today.getMonth(), 1)),
    to: iso(today),
  });
  const revenue = new Intl.NumberFormat("zh-CN", { style: "currency", currency: "EUR" }).format(Number(kpis.data.kpis.revenue));
  await page.locator(".tile").filter({ hasText: "收入（本月）" }).filter({ hasText: revenue }).waitFor();
  // Month names as zh-CN writes them ("26年12月"), unlike English ("Dec 26").
  const month = new Intl.DateTimeFormat("zh-CN", { month: "short", year: "2-digit" }).format(today);
  const byMonth = page.getByRole("region", { name: "按月" });
  await byMonth.getByRole("row").filter({ has: page.getByRole("cell", { name: month, exact: true }) }).waitFor();
  await page.context().close();
});
