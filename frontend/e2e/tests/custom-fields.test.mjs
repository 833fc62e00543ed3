// Custom fields: the admin adds a field to sales orders, sales fills it on a new order, the
// order page shows it by its label, and a partner sees only the partner-visible field.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

const id = Date.now().toString(36).toUpperCase();
const LABEL = `Hospital ward ${id}`;
const KEY = `ward${id}`;
let browser;
let orderNumber;

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  // The field stays out of other tests' forms.
  const found = await gql("admin", "{ customFieldDefinitions { id key } }");
  const field = found.data.customFieldDefinitions.find((d) => d.key === KEY);
  if (field)
    await gql("admin", `mutation($id: ID!) { updateCustomFieldDefinition(input: {definitionId: $id, active: false}) {
      userErrors { code } } }`, { id: field.id });
  await browser?.close();
});

test("the admin creates a sales order field", async () => {
  const page = await newPage(browser);
  await signIn(page, "admin");
  await page.getByRole("link", { name: "Custom fields" }).click();
  await page.getByRole("heading", { name: "Custom fields", level: 1 }).waitFor();
  const table = page.getByRole("table", { name: "Custom fields" });
  // The demo's fields, by label.
  await table.getByRole("row", { name: /Tender number/ }).waitFor();
  await table.getByRole("row", { name: /Sterilisation method.*Surgical, Wound care/ }).waitFor();

  const form = page.getByRole("form", { name: "New field" });
  await form.getByLabel("Entity").selectOption({ label: "Sales order" });
  await form.getByLabel("Key").fill(`1${KEY}`);
  await form.getByLabel("Label").fill(LABEL);
  await form.getByLabel("Type").selectOption({ label: "Text" });
  await form.getByRole("button", { name: "Create field" }).click();
  await form.getByRole("alert").filter({ hasText: /starts with a letter/ }).waitFor();

  await form.getByLabel("Key").fill(KEY);
  await form.getByRole("button", { name: "Create field" }).click();
  await page.getByRole("status").filter({ hasText: `Created ${LABEL}` }).waitFor();
  const row = table.getByRole("row", { name: new RegExp(LABEL) });
  await row.waitFor();
  assert.match(await row.innerText(), /Sales order/);
  assert.match(await row.innerText(), /Hidden/);
  await screenshot(page, "admin-custom-fields");
  await page.context().close();
});

test("sales fills it on a new order and the order page shows it by label", async () => {
  const page = await newPage(browser);
  await signIn(page, "sales");
  await page.getByRole("link", { name: "New order" }).first().click();
  await page.getByLabel("Customer", { exact: true }).selectOption({ label: "DIST-A — Nordmed Distributie B.V." });
  const product = page.getByLabel("Product");
  await product.fill("CAN-IV20G");
  await page.locator("datalist option").first().waitFor({ state: "attached" });
  await product.fill(await page.locator("datalist option").first().getAttribute("value"));
  await page.getByLabel("Quantity").fill("2");
  await page.getByLabel(LABEL).fill("Ward 7 (cardiology)");
  await page.getByLabel("Tender number").fill(`TND-E2E-${id}`);
  await screenshot(page, "new-order-custom-fields");
  await page.getByRole("button", { name: "Save draft" }).click();

  const heading = page.getByRole("heading", { level: 1 });
  await heading.filter({ hasText: /SO-\d{4}-\d+/ }).waitFor();
  orderNumber = (await heading.innerText()).match(/SO-\d{4}-\d+/)[0];
  const facts = page.locator('dl[aria-label="Custom fields"]');
  await facts.waitFor();
  assert.match(await facts.innerText(), new RegExp(`${LABEL}\\s+Ward 7 \\(cardiology\\)`));
  assert.match(await facts.innerText(), new RegExp(`Tender number\\s+TND-E2E-${id}`));

  // Sales may edit the order's fields in place.
  await page.getByRole("button", { name: "Edit custom fields" }).click();
  const edit = page.getByRole("form", { name: "Edit custom fields" });
  await edit.getByLabel(LABEL).fill("Ward 8");
  await edit.getByRole("button", { name: "Save custom fields" }).click();
  await page.waitForFunction(
    (label) => [...document.querySelectorAll('dl[aria-label="Custom fields"] div')].some(
      (d) => d.textContent.includes(label) && d.textContent.includes("Ward 8")),
    LABEL,
  );
  await screenshot(page, "order-custom-fields");
  await page.context().close();
});

test("the partner sees only the partner-visible field", async () => {
  const page = await newPage(browser);
  await signIn(page, "partner-a");
  await page.goto(`/portal/orders/${orderNumber}`);
  const facts = page.locator('dl[aria-label="Custom fields"]');
  await facts.waitFor();
  assert.match(await facts.innerText(), new RegExp(`Tender number\\s+TND-E2E-${id}`));
  assert.doesNotMatch(await page.locator("body").innerText(), new RegExp(LABEL));
  assert.doesNotMatch(await page.locator("body").innerText(), /Ward 8/);
  await screenshot(page, "partner-custom-fields");
  await page.context().close();
});
