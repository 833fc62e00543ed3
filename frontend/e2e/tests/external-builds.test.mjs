// External builds: the warehouse records a lot made outside a work order on the lots page,
// with the component lots it consumed; the new lot's page traces back to them.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";
import { axeViolations } from "../flows.mjs";

const PRODUCT = "PMP-VP300";
const COMPONENTS = ["BRD-2401", "HSG-2402"]; // released at DE-LEJ in the demo data
let browser;
let page;
let serialTracked;
before(async () => {
  browser = await launchBrowser();
  const products = await gql("warehouse", `query($s: String) { products(first: 5, search: $s) { edges { node { sku trackingMode } } } }`, { s: PRODUCT });
  serialTracked = products.data.products.edges.find((e) => e.node.sku === PRODUCT).node.trackingMode === "SERIAL";
  page = await newPage(browser);
  await signIn(page, "warehouse");
});
after(() => browser?.close());

async function pickProduct(dialog) {
  const product = dialog.getByLabel("Product", { exact: true });
  await product.fill(PRODUCT);
  const option = dialog.locator("datalist option").first();
  await option.waitFor({ state: "attached" });
  await product.fill(await option.getAttribute("value"));
}

const optionFor = (select, lotNumber) => select.locator("option", { hasText: `${lotNumber} (` }).getAttribute("value");

for (const width of [1280, 800]) {
  test(`the warehouse records an external build with its component lots (${width} px)`, async () => {
    const lotNumber = `X${width}-${Date.now() % 1e8}`;
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/lots");
    await page.getByRole("button", { name: "Record production…" }).click();
    const dialog = page.getByRole("dialog", { name: "Record production" });
    await dialog.getByLabel("Lot number").waitFor();

    // Nothing filled in: each field says what it needs.
    await dialog.getByRole("button", { name: "Record production" }).click();
    for (const text of ["Choose a product", "Choose a warehouse", "Enter the new lot's number"])
      await dialog.getByText(text, { exact: true }).waitFor();

    await pickProduct(dialog);
    const warehouse = dialog.getByLabel("Warehouse");
    await warehouse.selectOption(await warehouse.locator("option", { hasText: "DE-LEJ" }).getAttribute("value"));
    await dialog.getByLabel("Lot number").fill(lotNumber);
    await dialog.getByLabel("Quantity made").fill("1");
    if (serialTracked) await dialog.getByLabel("Serial numbers (one per line)").fill(`${lotNumber}-001`);
    // A component line without its lot: the server names what is missing at that line.
    await dialog.getByLabel("Quantity used 1").fill("1");
    await dialog.getByRole("button", { name: "Record production" }).click();
    await dialog.getByText("Choose a lot.", { exact: true }).waitFor();
    assert.equal(await dialog.getByLabel("Component lot 1").getAttribute("aria-invalid"), "true");
    assert.equal(await dialog.getByLabel("Lot number").inputValue(), lotNumber);
    assert.equal(await page.getByText("is not an id").count(), 0);
    if (width === 1280) assert.deepEqual(await axeViolations(page, "[role=dialog]"), []);
    await screenshot(page, `external-build-refused-${width}`);

    const first = dialog.getByLabel("Component lot 1");
    await first.selectOption(await optionFor(first, COMPONENTS[0]));
    await dialog.getByRole("button", { name: "Add component" }).click();
    const second = dialog.getByLabel("Component lot 2");
    await second.selectOption(await optionFor(second, COMPONENTS[1]));
    await dialog.getByLabel("Quantity used 2").fill("1");
    await dialog.getByRole("button", { name: "Record production" }).click();

    const title = page.getByRole("heading", { level: 1, name: new RegExp(`Lot ${lotNumber}`) });
    await title.waitFor().catch(async (error) => {
      await screenshot(page, `external-build-failed-${width}`);
      throw error;
    });
    assert.match(await title.innerText(), /Quarantine/i);
    const trace = page.getByRole("region", { name: "Trace" });
    for (const component of COMPONENTS) await trace.getByText(component).first().waitFor();
    assert.deepEqual(await axeViolations(page, "article"), []);
    await screenshot(page, `external-build-lot-${width}`);
  });
}

test("QA records an external build too; the lots page offers it to QA and not to sales (1280 px)", async () => {
  const lotNumber = `XQA-${Date.now() % 1e8}`;
  const qa = await newPage(browser, { width: 1280 });
  await signIn(qa, "qa");
  await qa.goto("/lots");
  await qa.getByRole("heading", { level: 1, name: "Lots" }).waitFor();
  await qa.getByRole("button", { name: "Record production…" }).click();
  const dialog = qa.getByRole("dialog", { name: "Record production" });
  await pickProduct(dialog);
  const warehouse = dialog.getByLabel("Warehouse");
  await warehouse.selectOption(await warehouse.locator("option", { hasText: "DE-LEJ" }).getAttribute("value"));
  await dialog.getByLabel("Lot number").fill(lotNumber);
  await dialog.getByLabel("Quantity made").fill("1");
  if (serialTracked) await dialog.getByLabel("Serial numbers (one per line)").fill(`${lotNumber}-001`);
  const first = dialog.getByLabel("Component lot 1");
  await first.selectOption(await optionFor(first, COMPONENTS[0]));
  await dialog.getByLabel("Quantity used 1").fill("1");
  await dialog.getByRole("button", { name: "Record production" }).click();
  const title = qa.getByRole("heading", { level: 1, name: new RegExp(`Lot ${lotNumber}`) });
  await title.waitFor();
  assert.match(await title.innerText(), /Quarantine/i);
  await qa.getByRole("region", { name: "Trace" }).getByText(COMPONENTS[0]).first().waitFor();
  await screenshot(qa, "external-build-qa-1280");
  await qa.context().close();

  const sales = await newPage(browser, { width: 1280 });
  await signIn(sales, "sales");
  await sales.goto("/lots");
  await sales.getByRole("heading", { level: 1, name: "Lots" }).waitFor();
  assert.equal(await sales.getByRole("button", { name: "Record production…" }).count(), 0);
  await sales.context().close();
});
