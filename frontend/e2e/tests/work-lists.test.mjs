// Work lists that lead: the fulfilment queue by the date the customer counts on with what is
// still to ship, the quarantine queue with each lot's inspection state and days waiting, and
// the new-order form with the customer's own price, never the catalogue's.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";
import { approvedOrder, axeViolations } from "../flows.mjs";

let browser;
let order; // a fresh approved DIST-B order of 5 cannula boxes
before(async () => {
  browser = await launchBrowser();
  order = await approvedOrder("DIST-B", "CAN-IV20G", 5);
});
after(() => browser?.close());

for (const width of [1280, 800]) {
  test(`the warehouse's queue leads with the earliest due date and says what is left to ship (${width} px)`, async () => {
    const page = await newPage(browser, { width });
    await signIn(page, "warehouse");
    await page.goto("/warehouse");
    const row = page.locator(`[data-testid=queue-row][data-order="${order.number}"]`);
    await page.getByTestId("queue-row").first().waitFor();
    // The server orders the queue by due date, so a fresh order may sit on a later page.
    const more = page.getByRole("button", { name: "Load more" });
    while ((await row.count()) === 0 && (await more.count()) > 0) {
      const shown = await page.getByTestId("queue-row").count();
      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll("[data-testid=queue-row]").length > n, shown);
    }
    await row.waitFor();
    assert.equal(await row.getByTestId("to-ship").innerText(), "5");
    assert.match(await row.getByTestId("due").innerText(), /promised|requested|–/);
    const dues = await page.getByTestId("queue-row").evaluateAll((rows) => rows.map((r) => r.dataset.due));
    const dated = dues.filter(Boolean);
    assert.deepEqual(dated, [...dated].sort(), "earliest due first");
    assert.ok(dues.indexOf("") === -1 || dues.slice(dues.indexOf("")).every((d) => d === ""), "undated orders last");
    if (width === 1280) assert.deepEqual(await axeViolations(page, "main"), []);
    await screenshot(page, `fulfilment-queue-${width}`);
    await page.context().close();
  });

  test(`QA's quarantine queue shows the inspection state and days waiting (${width} px)`, async () => {
    const page = await newPage(browser, { width });
    await signIn(page, "qa");
    await page.goto("/quality");
    await page.getByTestId("quarantine-table").waitFor();
    // AED-2407 passed its final test and is on hold; the demo's lots received or made and not
    // yet inspected (which ones depends on what other tests have released meanwhile) say so.
    const held = page.locator('[data-testid=queue-lot][data-lot="AED-2407"]');
    assert.equal(await held.getByTestId("inspection-state").innerText(), "Passed");
    const states = await page.getByTestId("inspection-state").allInnerTexts();
    assert.ok(states.some((s) => /^(Not inspected|Inspection due)$/.test(s)), `states: ${states}`);
    const days = (await page.getByTestId("days-waiting").allInnerTexts()).map(Number);
    assert.ok(days.every((d) => Number.isInteger(d) && d >= 0), `whole days: ${days}`);
    assert.deepEqual(days, [...days].sort((a, b) => b - a), "the longest waiting first");
    if (width === 800) assert.deepEqual(await axeViolations(page, "main"), []);
    await screenshot(page, `quarantine-queue-${width}`);
    await page.context().close();
  });
}

test("the new-order form shows DIST-A's contract price, not the catalogue price (1280 and 800 px)", async () => {
  const products = await gql("sales", `{ products(first: 5, search: "CAN-IV20G") { edges { node { sku unitPrice } } } }`);
  const catalogue = products.data.products.edges.find((e) => e.node.sku === "CAN-IV20G").node.unitPrice;
  const page = await newPage(browser, { width: 1280 });
  await signIn(page, "sales");
  for (const width of [1280, 800]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/orders/new");
    await page.getByLabel("Customer", { exact: true }).selectOption({ label: "DIST-A — Nordmed Distributie B.V." });
    const product = page.getByLabel("Product");
    await product.fill("CAN-IV20G");
    await page.locator("datalist option").first().waitFor({ state: "attached" });
    await product.fill(await page.locator("datalist option").first().getAttribute("value"));
    // Before the server has priced the line, no price is offered at all.
    assert.notEqual(await page.getByLabel("Unit price").getAttribute("placeholder"), catalogue);
    await page.getByLabel("Quantity").fill("2");
    await page.getByText(/Customer's price €29\.90/).waitFor();
    assert.equal(await page.getByLabel("Unit price").getAttribute("placeholder"), "29.90");
    assert.notEqual(catalogue, "29.90");
    assert.match(await page.getByLabel("Line 1 net").innerText(), /59[.,]80/);
    await screenshot(page, `new-order-price-${width}`);
  }
  await page.context().close();
});
