// Orders and the partner portal find an order by a lot or serial number it shipped.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { BASE_URL, chooseLanguage, gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;
let shipped; // { number, lot, serial, total, currency, customerId } of a DIST-A order that shipped
let withLot; // every order that shipped that lot: [number, customer code]
before(async () => {
  browser = await launchBrowser();
  const result = await gql(
    "admin",
    `{ salesOrders(first: 100) { edges { node { number total currency customer { id code }
         shipments { lines { lot { lotNumber } serials { serialNumber } } } } } } }`,
  );
  const orders = result.data.salesOrders.edges.map((e) => e.node);
  const customersOf = (lot) =>
    new Set(orders.filter((o) => o.shipments.some((s) => s.lines.some((l) => l.lot.lotNumber === lot))).map((o) => o.customer.code));
  // A lot that went to DIST-A only, so that partner-b has no order of its own with it.
  for (const order of orders.filter((o) => o.customer.code === "DIST-A")) {
    const line = order.shipments.flatMap((s) => s.lines).find((l) => [...customersOf(l.lot.lotNumber)].join() === "DIST-A");
    if (line) {
      shipped = { number: order.number, lot: line.lot.lotNumber, serial: line.serials[0]?.serialNumber, total: order.total, currency: order.currency, customerId: order.customer.id };
      break;
    }
  }
  assert.ok(shipped, "a lot shipped to DIST-A only");
  withLot = orders
    .filter((o) => o.shipments.some((s) => s.lines.some((l) => l.lot.lotNumber === shipped.lot)))
    .map((o) => [o.number, o.customer.code]);
});
after(() => browser?.close());

async function search(page, term) {
  await page.getByLabel("Search").fill(term);
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL((url) => url.searchParams.get("q") === term);
}

/** The order numbers the list shows, once it has settled on the search. */
async function listed(page, expected) {
  const links = page.getByRole("link", { name: /^SO-\d{4}-\d+$/ });
  for (let i = 0; i < 50; i += 1) {
    const shown = (await links.allInnerTexts()).sort();
    if (shown.join() === expected.join()) return shown;
    await page.waitForTimeout(200);
  }
  return (await links.allInnerTexts()).sort();
}

for (const [width, user] of [[1280, "sales"], [800, "partner-a"]]) {
  test(`${user} finds an order by the lot it shipped (${width} px)`, async () => {
    const page = await newPage(browser, { width });
    await signIn(page, user);
    await search(page, shipped.lot);
    const expected = withLot.filter(([, code]) => user === "sales" || code === "DIST-A").map(([n]) => n).sort();
    assert.ok(expected.includes(shipped.number));
    assert.deepEqual(await listed(page, expected), expected);
    await screenshot(page, `order-by-lot-${user}-${width}`);
    await page.context().close();
  });
}

test("partner-b does not find partner-a's order by its lot", async () => {
  const page = await newPage(browser, { width: 800 });
  await signIn(page, "partner-b");
  await search(page, shipped.lot);
  await page.getByText("No orders match these filters.").waitFor();
  assert.equal(await page.getByRole("link", { name: shipped.number }).count(), 0);
  await page.context().close();
});

/** A sales account of its own: the language chosen is saved with the account, and no other test signs in as it. */
async function newSalesUser() {
  const username = `orders-zh-${randomUUID().slice(0, 8)}`;
  const [temporary, own] = ["temporary-Pass-1", "an-own-long-password"];
  const made = await gql("admin", `mutation($input: CreateUserInput!) { createUser(input: $input) { userErrors { message } } }`, {
    input: { username, displayName: `Orders ${username}`, email: `${username}@example.com`, roles: ["SALES"], password: temporary },
  });
  assert.deepEqual(made.data.createUser.userErrors, []);
  const signedIn = await fetch(`${BASE_URL}/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: temporary }),
  });
  const { access_token } = await signedIn.json();
  const changed = await fetch(`${BASE_URL}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${access_token}` },
    body: JSON.stringify({
      query: `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { userErrors { message } } }`,
      variables: { input: { currentPassword: temporary, newPassword: own } },
    }),
  });
  assert.deepEqual((await changed.json()).data.changePassword.userErrors, []);
  return { username, password: own };
}

test("sales reads the order list in Chinese, with amounts formatted for zh-CN", async () => {
  const user = await newSalesUser();
  const page = await newPage(browser);
  await page.goto("/login");
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("signed-in-user").filter({ hasText: user.username }).waitFor();
  await search(page, shipped.lot);
  await chooseLanguage(page, "zh-CN");
  await page.getByRole("heading", { level: 1, name: "订单" }).waitFor();
  const main = page.locator("main");
  await main.getByRole("link", { name: "新建订单" }).waitFor();
  await page.getByRole("navigation").getByRole("link", { name: "新建订单" }).waitFor();
  const amount = new Intl.NumberFormat("zh-CN", { style: "currency", currency: shipped.currency }).format(Number(shipped.total));
  const row = page.getByTestId("orders-table").getByRole("row").filter({ hasText: shipped.number });
  await row.getByRole("cell", { name: amount, exact: true }).waitFor();
  assert.equal(await page.getByRole("button", { name: "搜索" }).count(), 1);
  await screenshot(page, "orders-list-zh-CN");
  // The order page, in Chinese too, names its customer with a link to the customer's page.
  await row.getByRole("link", { name: shipped.number }).click();
  await page.getByRole("heading", { level: 1, name: new RegExp(`^订单 ${shipped.number}`) }).waitFor();
  assert.equal(await page.getByTestId("order-customer").getAttribute("href"), `/customers/${shipped.customerId}`);
  await page.context().close();
});
