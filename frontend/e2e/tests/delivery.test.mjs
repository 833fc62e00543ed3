// Delivery: the warehouse confirms a shipped shipment with the time it arrived; a partner
// confirms the delivery of its own shipment in the portal.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";
import { axeViolations, shippedOrder } from "../flows.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** A datetime-local value `offsetMs` from now, in the browser's (this machine's) time zone. */
function localTime(offsetMs = 0) {
  const at = new Date(Date.now() + offsetMs);
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

async function confirmDelivery(page, order, width) {
  const shipment = page.getByTestId("shipment").filter({ hasText: order.shipmentNumber });
  await shipment.getByText("Shipped", { exact: true }).waitFor();
  await shipment.getByRole("button", { name: "Confirm delivery" }).click();
  const form = shipment.getByRole("form", { name: `Confirm delivery of ${order.shipmentNumber}` });
  const when = form.getByLabel("Delivered at");
  // Tomorrow is refused at the field, and the time typed stays.
  const tomorrow = localTime(86_400_000);
  await when.fill(tomorrow);
  await form.getByRole("button", { name: "Confirm delivery" }).click();
  await form.getByText("The delivery time lies between shipping and now.").waitFor();
  assert.equal(await when.inputValue(), tomorrow);
  assert.equal(await when.getAttribute("aria-invalid"), "true");
  await screenshot(page, `delivery-refused-${width}`);

  await when.fill(localTime());
  await form.getByRole("button", { name: "Confirm delivery" }).click();
  await shipment.getByText("Delivered", { exact: true }).waitFor();
  assert.match(await shipment.innerText(), /delivered \d/i);
  assert.equal(await shipment.getByRole("button", { name: "Confirm delivery" }).count(), 0);
}

test("the warehouse confirms a delivery with its date (1280 px)", async () => {
  const order = await shippedOrder("DIST-B", "CAN-IV20G", 2);
  const page = await newPage(browser, { width: 1280 });
  await signIn(page, "warehouse");
  await page.goto(`/orders/${order.number}`);
  await confirmDelivery(page, order, 1280);
  assert.deepEqual(await axeViolations(page, "[data-testid=order-detail]"), []);
  await screenshot(page, "delivery-confirmed-1280");
  await page.context().close();
});

test("a partner confirms the delivery of its own shipment (800 px)", async () => {
  const order = await shippedOrder("DIST-A", "CAN-IV20G", 2);
  const page = await newPage(browser, { width: 800 });
  await signIn(page, "partner-a");
  await page.goto(`/portal/orders/${order.number}`);
  await confirmDelivery(page, order, 800);
  assert.equal(await page.getByRole("button", { name: "Record return…" }).count(), 0);
  assert.equal(await page.getByRole("button", { name: "Attach document…" }).count(), 0);
  assert.deepEqual(await axeViolations(page, "[data-testid=order-detail]"), []);
  await screenshot(page, "delivery-confirmed-800");
  await page.context().close();
});
