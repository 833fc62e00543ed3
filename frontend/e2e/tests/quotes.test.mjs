// Quotes: sales (and a partner, for itself) make a quote with a validity date, see it with its
// number and status, and convert it into a draft order.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

const PRODUCT = "AED-500";
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

function inDays(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function pickProduct(page) {
  const product = page.getByLabel("Product");
  await product.fill(PRODUCT);
  await page.locator("datalist option").first().waitFor({ state: "attached" });
  await product.fill(await page.locator("datalist option").first().getAttribute("value"));
}

async function quoteAndConvert(page, { width, customer }) {
  await page.getByRole("link", { name: "Quotes", exact: true }).first().click();
  await page.getByRole("heading", { level: 1, name: "Quotes" }).waitFor();
  await page.getByRole("link", { name: "New quote" }).click();
  await page.getByRole("heading", { level: 1, name: "New quote" }).waitFor();

  // Bad input first: nothing chosen. The form says what is missing and keeps what was typed.
  if (customer) await page.getByLabel("Customer", { exact: true }).selectOption("");
  await page.getByLabel("Customer reference").fill(`Q-E2E-${width}`);
  await page.getByRole("button", { name: "Save quote" }).click();
  if (customer) await page.getByText("Choose a customer", { exact: true }).waitFor();
  await page.getByText("Choose a product", { exact: true }).waitFor();
  await page.getByText("Enter the date the prices hold until").waitFor();
  assert.equal(await page.getByLabel("Customer reference").inputValue(), `Q-E2E-${width}`);
  assert.equal(await page.getByText("is not an id").count(), 0);

  if (customer) await page.getByLabel("Customer", { exact: true }).selectOption({ label: customer });
  await page.getByLabel("Valid until").fill(inDays(30));
  await pickProduct(page);
  await page.getByLabel("Quantity").fill("3");
  // The customer's price, from the server's preview.
  await page.getByText(/Customer's price/).waitFor();
  await screenshot(page, `quote-new-${width}`);
  await page.getByRole("button", { name: "Save quote" }).click();

  const title = page.getByTestId("quote-title");
  await title.filter({ hasText: /Quote Q/ }).waitFor();
  assert.match(await title.innerText(), /Open/i);
  const number = (await title.innerText()).match(/Q[\w-]*\d+/)[0];
  assert.match(await page.getByTestId("quote-total").innerText(), /€/);
  await screenshot(page, `quote-page-${width}`);

  await page.getByRole("button", { name: "Convert to order" }).click();
  const heading = page.getByRole("heading", { level: 1 });
  await heading.filter({ hasText: /SO-\d{4}-\d+/ }).waitFor();
  assert.match(await heading.innerText(), /Draft/i);
  return number;
}

for (const width of [1280, 800]) {
  test(`sales quotes DIST-A and converts the quote into a draft order (${width} px)`, async () => {
    const page = await newPage(browser, { width });
    await signIn(page, "sales");
    const number = await quoteAndConvert(page, { width, customer: "DIST-A — Nordmed Distributie B.V." });
    await page.goto("/quotes");
    const row = page.getByRole("row", { name: new RegExp(number) });
    await row.waitFor();
    assert.match(await row.innerText(), /Converted/i);
    await page.context().close();
  });
}

test("a partner sees only its own quotes and converts one into its order", async () => {
  // Sales quotes for DIST-B; partner-b finds it in its portal.
  const customers = await gql("sales", `{ customers(first: 20, search: "DIST-B") { edges { node { id code } } } }`);
  const customerId = customers.data.customers.edges.find((e) => e.node.code === "DIST-B").node.id;
  const products = await gql("sales", `{ products(first: 5, search: "${PRODUCT}") { edges { node { id } } } }`);
  const created = await gql(
    "sales",
    `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id number } userErrors { message } } }`,
    { input: { customerId, validUntil: inDays(14), lines: [{ productId: products.data.products.edges[0].node.id, quantity: 2 }] } },
  );
  const quote = created.data.createQuote.quote;
  assert.ok(quote, JSON.stringify(created));

  for (const width of [1280, 800]) {
    const page = await newPage(browser, { width });
    await signIn(page, "partner-b");
    await page.getByRole("link", { name: "Quotes", exact: true }).first().click();
    await page.getByTestId("quotes-table").waitFor();
    assert.equal(await page.getByRole("link", { name: "New quote" }).count(), 0);
    const customerCells = await page.getByTestId("quotes-table").locator("tbody tr td:nth-child(2)").allInnerTexts();
    for (const c of customerCells) assert.match(c, /^DIST-B/);
    if (width === 800) {
      await page.getByRole("link", { name: quote.number }).click();
      await page.getByTestId("quote-title").filter({ hasText: quote.number }).waitFor();
      await page.getByRole("button", { name: "Convert to order" }).click();
      await page.waitForURL(/\/portal\/orders\/SO-/);
      await page.getByRole("heading", { level: 1 }).filter({ hasText: /Draft/i }).waitFor();
    }
    await screenshot(page, `quotes-partner-${width}`);
    await page.context().close();
  }
});
