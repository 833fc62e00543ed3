// A buyer raises a purchase order from an approved supplier at its list price, submits it
// (no approval rule: Approved) and sends it to the supplier.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

async function choose(select, text) {
  const value = await select.locator("option", { hasText: text }).first().getAttribute("value");
  await select.selectOption(value);
}

test("a buyer saves, submits and sends a purchase order", async () => {
  const page = await newPage(browser);
  await signIn(page, "buyer");
  await page.getByRole("link", { name: "Purchase orders" }).click();
  await page.getByRole("heading", { name: "Purchase orders", level: 1 }).waitFor();
  await page.getByRole("link", { name: "New purchase order" }).click();
  const supplier = page.getByLabel("Supplier");
  // Only approved suppliers are offered: not the disqualified or expired ones.
  assert.equal(await supplier.locator("option", { hasText: "SUP-BAL" }).count(), 0);
  assert.equal(await supplier.locator("option", { hasText: "SUP-NRD" }).count(), 0);
  await choose(supplier, "SUP-ALP");
  await choose(page.getByLabel("Ship to"), "NL-RTM");
  await choose(page.getByLabel("Product"), "DRS-WD1010");
  assert.equal(await page.getByLabel("Unit price").inputValue(), "6.80");
  await page.getByLabel("Quantity").fill("100");
  await page.getByRole("button", { name: "Save draft" }).click();
  const heading = page.getByRole("heading", { name: /^PO-\d{4}-\d{6}$/, level: 1 });
  await heading.waitFor();
  await page.getByText("Draft", { exact: true }).waitFor();
  await page.getByRole("button", { name: "Submit" }).click();
  await page.getByText("Approved", { exact: true }).waitFor();
  await page.getByRole("button", { name: "Send to supplier" }).click();
  await page.getByText("Sent", { exact: true }).waitFor();
  await screenshot(page, "purchasing-order-sent");
  await page.close();
});
