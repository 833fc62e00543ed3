// Customer returns: the warehouse takes goods back from a shipment on the order page, sees the
// return's number, the units held in quarantine and, when the goods had been invoiced, the credit note.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { chooseLanguage, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";
import { axeViolations, deliverAndInvoice, shippedOrder, signInOwnUser } from "../flows.mjs";

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

test("in Chinese a return is recorded with 退货 and its credit note in zh-CN money (1280 px)", async () => {
  const order = await shippedOrder("DIST-A", PRODUCT, 2);
  await deliverAndInvoice(order);
  const own = await newPage(browser, { width: 1280 });
  await signInOwnUser(own, ["WAREHOUSE"]);
  await chooseLanguage(own, "zh-CN");
  await own.goto(`/orders/${order.number}`);
  const shipment = own.getByTestId("shipment").filter({ hasText: order.shipmentNumber });
  await shipment.getByRole("button", { name: /退货…$/ }).click();
  const dialog = own.getByRole("dialog", { name: `登记来自 ${order.shipmentNumber} 的退货` });
  await dialog.getByRole("button", { name: "退货", exact: true }).click();
  await dialog.getByText("请至少在一行中填写退回数量").waitFor();
  await dialog.getByLabel("数量").first().fill("1");
  await dialog.getByLabel("原因").fill("E2E 包装破损");
  await dialog.getByRole("button", { name: "退货", exact: true }).click();
  const recorded = shipment.getByTestId("customer-return").filter({ hasText: "E2E 包装破损" });
  await recorded.waitFor();
  assert.match(await recorded.innerText(), /退货单 RMA-\S+/);
  const credit = await recorded.getByTestId("return-credit-note").innerText();
  const [, total] = credit.match(/^贷项通知单 \S+：(.+)$/) ?? [];
  assert.ok(total, credit);
  const euro = new Intl.NumberFormat("zh-CN", { style: "currency", currency: "EUR" });
  // Whatever the amount, it is written the zh-CN way (€ first, no space, "." for cents).
  assert.match(total, /^€[\d,]+\.\d{2}$/);
  assert.equal(euro.format(Number(total.replace(/[€,]/g, ""))), total);
  await screenshot(own, "return-recorded-zh-CN-1280");
  await own.context().close();
});
