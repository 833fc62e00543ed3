// A planner creates a work order for the pump, releases it (its components reserved from
// released lots, earliest expiry first), finds it on the schedule and cancels another.
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

function inDays(days) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

async function newWorkOrder(page, quantity) {
  await page.getByRole("link", { name: "Work orders" }).click();
  await page.getByRole("heading", { name: "Work orders", level: 1 }).waitFor();
  await page.getByRole("link", { name: "New work order" }).click();
  const product = page.getByLabel("Product");
  await product.locator("option", { hasText: "PMP-VP300" }).first().waitFor({ state: "attached" });
  const options = await product.locator("option").allTextContents();
  assert.ok(options.some((o) => o.startsWith("PMP-VP300")), options.join(" | "));
  await choose(product, "PMP-VP300");
  await page.getByLabel("Quantity").fill(String(quantity));
  await page.getByLabel("Due date").fill(inDays(20));
  await page.getByRole("button", { name: "Create work order" }).click();
  const heading = page.getByRole("heading", { name: /^WO-\d{4}-\d{6}$/, level: 1 });
  await heading.waitFor();
  await page.getByText("Planned", { exact: true }).waitFor();
  return heading.textContent();
}

test("a planner creates, releases and schedules a work order, and cancels another", async () => {
  const page = await newPage(browser);
  await signIn(page, "planner");
  const number = await newWorkOrder(page, 2);
  await page.getByRole("button", { name: "Release" }).click();
  await page.getByText("Released", { exact: true }).waitFor();
  // The board and housing come from the demo's released lots; the drive units from DRV-2411.
  await page.getByText(/BRD-2401 \(2\)/).waitFor();
  await page.getByText(/DRV-2411 \(2\)/).waitFor();
  await screenshot(page, "production-released");
  await page.getByRole("link", { name: "Schedule" }).click();
  await page.getByRole("heading", { name: "Schedule", level: 1 }).waitFor();
  const chart = page.getByRole("table", { name: "Production schedule" });
  await chart.getByRole("rowheader", { name: /ASSY-1/ }).waitFor();
  await chart.getByRole("rowheader", { name: /TEST-1/ }).waitFor();
  await chart.getByRole("link", { name: number }).first().waitFor();
  assert.ok((await chart.getByText("(late)").count()) > 0, "the demo's late work order is marked");
  await screenshot(page, "production-schedule");

  await newWorkOrder(page, 1);
  await page.getByRole("button", { name: "Cancel work order…" }).click();
  await page.getByLabel("Reason").fill("Planned twice");
  await page.getByRole("button", { name: "Cancel work order", exact: true }).click();
  await page.getByText("Cancelled", { exact: true }).waitFor();
  await page.close();
});
