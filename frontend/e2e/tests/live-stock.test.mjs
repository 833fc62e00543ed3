// The live stock dashboard follows a goods receipt made in another browser, without a reload.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

const SKU = "DRS-WD1010";
const WAREHOUSE = "NL-RTM";
const RECEIVED = 25;
let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

const onHand = async (cell) => Number((await cell.locator(".on-hand").innerText()).replace(/\D/g, ""));

test("the live stock dashboard changes when goods are received in a second browser", async () => {
  const dashboard = await newPage(browser);
  await signIn(dashboard, "warehouse");
  await dashboard.goto("/stock");
  await dashboard.getByTestId("live-indicator").and(dashboard.locator('[data-state="live"]')).waitFor();
  const cell = dashboard.locator(`tr[data-sku="${SKU}"] td[data-warehouse="${WAREHOUSE}"]`);
  const before = await onHand(cell);
  await dashboard.evaluate(() => (window.__notReloaded = true));
  await screenshot(dashboard, "live-stock-before");

  const receiver = await newPage(browser);
  await signIn(receiver, "warehouse");
  await receiver.goto("/warehouse/receipts");
  await receiver.getByLabel("Supplier").selectOption({ label: "SUP-ALP — Alpine Polymer Components AG" });
  await receiver.getByLabel("Warehouse").selectOption({ label: `${WAREHOUSE} — Rotterdam Distribution Centre` });
  await receiver.getByLabel("Delivery note / reference").fill("E2E-DN-1");
  const line = receiver.getByTestId("receipt-line-0");
  await line.getByLabel("Product").selectOption({ label: `${SKU} — Sterile wound dressing 10 x 10 cm, box of 25` });
  await line.getByLabel("Lot number").fill(`WD-E2E-${Date.now() % 100000}`);
  await line.getByLabel("Quantity").fill(String(RECEIVED));
  await line.getByLabel("Manufactured on").fill("2026-01-10");
  await line.getByLabel("Expires on").fill("2029-01-10");
  await receiver.getByRole("button", { name: "Receive into quarantine" }).click();
  await receiver.getByText("Received into quarantine:").waitFor();
  await screenshot(receiver, "goods-receipt-done");

  await dashboard.waitForFunction(
    ({ selector, expected }) => {
      const text = document.querySelector(`${selector} .on-hand`)?.textContent ?? "";
      return Number(text.replace(/\D/g, "")) === expected;
    },
    { selector: `tr[data-sku="${SKU}"] td[data-warehouse="${WAREHOUSE}"]`, expected: before + RECEIVED },
  );
  assert.equal(await dashboard.evaluate(() => window.__notReloaded), true);
  await dashboard.getByText(new RegExp(`\\+${RECEIVED} ${SKU}`)).waitFor();
  await screenshot(dashboard, "live-stock-after");
  await receiver.context().close();
  await dashboard.context().close();
});
