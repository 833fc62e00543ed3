// Replenishment: the warehouse (and buyers) see the open requests backorders raised, with
// product, quantity, order and age, and go from a request to its order.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;
let open; // the open requests, as the API lists them
before(async () => {
  browser = await launchBrowser();
  const result = await gql(
    "warehouse",
    `{ replenishmentRequests(first: 100, status: [OPEN]) { edges { node {
         number quantity createdAt product { sku } order { number } } } } }`,
  );
  open = result.data.replenishmentRequests.edges.map((e) => e.node);
  assert.ok(open.length > 0, "the demo data has an open replenishment request");
});
after(() => browser?.close());

for (const [width, user] of [[1280, "warehouse"], [800, "buyer"]]) {
  test(`${user} sees every open request with its product, quantity, order and age (${width} px)`, async () => {
    const page = await newPage(browser, { width });
    await signIn(page, user);
    await page.getByRole("link", { name: "Replenishment", exact: true }).click();
    const table = page.getByTestId("replenishment-table");
    await table.waitFor();
    assert.equal(await table.locator("tbody tr").count(), open.length);
    for (const request of open) {
      const row = table.getByRole("row").filter({ hasText: request.number });
      const text = await row.innerText();
      assert.match(text, new RegExp(request.product.sku));
      assert.match(text, new RegExp(`\\b${request.quantity}\\b`));
      if (request.order) assert.match(text, new RegExp(request.order.number));
      const days = Math.floor((Date.now() - Date.parse(request.createdAt)) / 86_400_000);
      const age = await row.getByTestId("request-age").innerText();
      assert.match(age, days === 0 ? /today/ : days === 1 ? /yesterday/ : new RegExp(`${days} days ago`));
    }
    await screenshot(page, `replenishment-${width}`);
    const withOrder = open.find((r) => r.order);
    if (withOrder && user === "warehouse") {
      await table.getByRole("link", { name: withOrder.order.number }).click();
      await page.waitForURL(`**/orders/${withOrder.order.number}`);
    }
    await page.context().close();
  });
}
