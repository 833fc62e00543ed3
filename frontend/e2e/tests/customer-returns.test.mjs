// Customer returns: the warehouse takes goods back from a shipment on the order page, sees the
// return's number, the units held in quarantine and, when the goods had been invoiced, the credit note.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";
import { axeViolations, deliverAndInvoice, shippedOrder } from "../flows.mjs";

const PRODUCT = "CAN-IV20G";
let browser;
let page;
before(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  await signIn(page, "warehouse");
});
after(() => browser?.close());

for (const [width, invoiced] of [[1280, false], [800, true]]) {
  test(`the warehouse records a return from a shipment${invoiced ? " that was invoiced" : ""} (${width} px)`, async () => {
    const order = await shippedOrder("DIST-A", PRODUCT, 3);
    if (invoiced) await deliverAndInvoice(order);
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/orders/${order.number}`);
    const shipment = page.getByTestId("shipment").filter({ hasText: order.shipmentNumber });
    await shipment.getByRole("button", { name: "Record return…" }).click();
    const dialog = page.getByRole("dialog", { name: `Record return from ${order.shipmentNumber}` });
    await dialog.waitFor();

    // Nothing entered: the form says what is missing.
    await dialog.getByRole("button", { name: "Record return" }).click();
    await dialog.getByText("Enter the quantity that comes back on at least one line").waitFor();
    // More than was shipped and no reason: the server's refusal stands at its field, the typing stays.
    await dialog.getByLabel("Quantity").first().fill("9");
    await dialog.getByRole("button", { name: "Record return" }).click();
    await dialog.getByText("Say why the goods come back.").waitFor();
    await dialog.getByLabel("Reason").fill(`Dented boxes ${width}`);
    await dialog.getByRole("button", { name: "Record return" }).click();
    const quantityError = dialog.getByText(/Between 1 and \d+ units of this lot can come back/);
    await quantityError.waitFor();
    assert.equal(await dialog.getByLabel("Reason").inputValue(), `Dented boxes ${width}`);
    assert.equal(await dialog.getByLabel("Quantity").first().getAttribute("aria-invalid"), "true");
    assert.equal(await page.getByText("is not an id").count(), 0);
    if (width === 1280) assert.deepEqual(await axeViolations(page, "[role=dialog]"), []);
    await screenshot(page, `return-refused-${width}`);

    await dialog.getByLabel("Quantity").first().fill("1");
    await dialog.getByRole("button", { name: "Record return" }).click();
    await page.getByTestId("return-recorded").waitFor();
    const recorded = shipment.getByTestId("customer-return");
    await recorded.waitFor();
    const text = await recorded.innerText();
    assert.match(text, /Return RMA-\S+/);
    assert.match(text, new RegExp(`Dented boxes ${width}`));
    assert.match(await recorded.getByTestId("return-holds").innerText(), /HLD-\S+ \(1 unit,/);
    const credit = await recorded.getByTestId("return-credit-note").innerText();
    if (invoiced) assert.match(credit, /Credit note \S+: .*€/);
    else assert.match(credit, /No credit note/);
    // The return stays on the page after a reload: it is read back from the shipment.
    await page.reload();
    await shipment.getByTestId("customer-return").filter({ hasText: `Dented boxes ${width}` }).waitFor();
    assert.deepEqual(await axeViolations(page, "[data-testid=order-detail]"), []);
    await screenshot(page, `return-recorded-${width}`);
  });
}
