// Master data kept in the app: the administrator creates a product (a bad GTIN is shown at its
// field and what was typed stays), a customer, and edits a price; finance sets a credit limit,
// which the administrator cannot.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

const stamp = () => `${Date.now() % 1_000_000}`;
const row = (page, text) => page.getByRole("row").filter({ hasText: text });
const adminNav = (page, name) =>
  page.getByRole("list", { name: "Administration" }).getByRole("link", { name, exact: true });

function gtin14(body13) {
  const sum = [...body13].reverse().reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return body13 + String((10 - (sum % 10)) % 10);
}

test("the administrator creates a product: a bad GTIN is refused at its field, then fixed", async () => {
  const page = await newPage(browser);
  await signIn(page, "admin");
  await adminNav(page, "Products").click();
  await page.getByRole("heading", { name: "Products", level: 1 }).waitFor();
  await page.getByRole("button", { name: "New product" }).click();
  const form = page.getByRole("form", { name: "New product" });
  const sku = `E2E-P${stamp()}`;
  const gtin = gtin14(`0871999${stamp().padStart(6, "0")}`);
  const wrong = gtin.slice(0, 13) + String((Number(gtin[13]) + 1) % 10);
  await form.getByLabel("SKU").fill(sku);
  await form.getByLabel("GTIN").fill(wrong);
  await form.getByLabel("Name").fill("E2E infusion line");
  await form.getByLabel("Device class").selectOption("IIA");
  await form.getByLabel("Unit price").fill("14.20");
  await form.getByLabel("Tax rate").fill("0.09");
  await form.getByLabel("Product line").fill("Infusion");
  await form.getByRole("button", { name: "Create product" }).click();
  await form.getByText(/wrong check digit/).waitFor();
  assert.equal(await form.getByLabel("GTIN").getAttribute("aria-invalid"), "true");
  assert.equal(await form.getByLabel("SKU").inputValue(), sku); // what was typed stays
  await screenshot(page, "admin-master-data-gtin");
  await form.getByLabel("GTIN").fill(gtin);
  await form.getByRole("button", { name: "Create product" }).click();
  await page.getByRole("status").filter({ hasText: `Product ${sku} created.` }).waitFor();
  await row(page, sku).getByText(gtin).waitFor();
  await page.close();
});

test("the administrator creates a customer and edits a price list price", async () => {
  const page = await newPage(browser);
  await signIn(page, "admin");
  await adminNav(page, "Customers").click();
  await page.getByRole("button", { name: "New customer" }).click();
  const form = page.getByRole("form", { name: "New customer" });
  const code = `E2E-C${stamp()}`;
  await form.getByLabel("Code").fill(code);
  await form.getByLabel("Name", { exact: true }).fill("E2E Ziekenhuis");
  await form.getByLabel("Region", { exact: true }).fill("NL");
  await form.getByRole("button", { name: "Add contact" }).click();
  const contact = form.getByRole("group", { name: "Contact 1" });
  await contact.getByLabel("Contact name").fill("Eva de Boer");
  await contact.getByLabel("Email").fill("eva.example.org");
  await form.getByRole("button", { name: "Create customer" }).click();
  await contact.getByText(/not a valid e-mail address/).waitFor();
  await contact.getByLabel("Email").fill("eva@example.org");
  await form.getByRole("button", { name: "Create customer" }).click();
  await page.getByRole("status").filter({ hasText: `Customer ${code} created.` }).waitFor();
  await row(page, code).getByText("Eva de Boer").waitFor();

  // A price list with one price, edited on its page.
  const listCode = `E2E-PL${stamp()}`;
  const made = await gql("admin", `mutation($input: CreatePriceListInput!) { createPriceList(input: $input) {
    priceList { id } userErrors { message } } }`, { input: { code: listCode, name: "E2E tender" } });
  const listId = made.data.createPriceList.priceList.id;
  const products = await gql("admin", `{ products(search: "CAN-IV20G") { edges { node { id } } } }`);
  const cannula = products.data.products.edges[0].node.id;
  await gql("admin", `mutation($input: SetPriceListPricesInput!) { setPriceListPrices(input: $input) {
    userErrors { message } } }`, { input: { priceListId: listId, prices: [{ productId: cannula, unitPrice: "30.00" }] } });
  await adminNav(page, "Price lists").click();
  await page.getByRole("link", { name: listCode }).click();
  await page.getByRole("heading", { name: `Price list ${listCode}` }).waitFor();
  const prices = page.getByRole("form", { name: "Prices" });
  await prices.getByLabel("Price of CAN-IV20G").fill("28.755");
  await prices.getByRole("button", { name: "Save prices" }).click();
  await prices.getByText(/amount in cents/).waitFor();
  await prices.getByLabel("Price of CAN-IV20G").fill("28.75");
  await prices.getByRole("button", { name: "Save prices" }).click();
  await page.getByRole("status").filter({ hasText: "1 price saved." }).waitFor();
  await row(prices, "CAN-IV20G").getByText("€28.75").waitFor();
  await screenshot(page, "admin-master-data-prices");
  await page.close();
});

test("finance sets a credit limit; the administrator cannot", async () => {
  const code = `E2E-K${stamp()}`;
  const made = await gql("admin", `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) {
    customer { id } userErrors { message } } }`, { input: { code, name: "E2E Kliniek", kind: "CLINIC", region: "NL" } });
  const id = made.data.createCustomer.customer.id;

  const admin = await newPage(browser);
  await signIn(admin, "admin");
  await adminNav(admin, "Customers").click();
  await row(admin, code).getByRole("button", { name: `Edit ${code}` }).click();
  const adminForm = admin.getByRole("form", { name: `Edit ${code}` });
  assert.equal(await adminForm.getByLabel("Credit limit").isDisabled(), true);
  await adminForm.getByText("Set by finance").waitFor();
  const refused = await gql("admin", `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) {
    customer { creditLimit } } }`, { input: { customerId: id, creditLimit: "9000.00" } });
  assert.equal(refused.errors?.[0]?.extensions?.code, "FORBIDDEN");

  const finance = await newPage(browser);
  await signIn(finance, "finance");
  await finance.getByRole("link", { name: "Credit limits" }).click();
  await row(finance, code).getByRole("button", { name: `Edit ${code}` }).click();
  const form = finance.getByRole("form", { name: `Edit ${code}` });
  assert.equal(await form.getByLabel("Name", { exact: true }).isDisabled(), true);
  await form.getByLabel("Credit limit").fill("15000.00");
  await form.getByRole("button", { name: "Save customer" }).click();
  await finance.getByRole("status").filter({ hasText: `Customer ${code} saved.` }).waitFor();
  await row(finance, code).getByText("€15,000.00").waitFor();
  await screenshot(finance, "admin-master-data-credit");
  for (const p of [admin, finance]) await p.close();
});
