// The Lots page's barcode field takes what scanners and people send: a GS1 Digital Link on
// any domain, a GS1 element string, a plain EAN; a lot opens its page, a product its lots.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql as request, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;
let lot;
const gql = async (...args) => {
  const body = await request(...args);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
};

before(async () => {
  browser = await launchBrowser();
  const lots = await gql("qa", `{ lots(first: 100) { edges { node { id lotNumber expiresOn
    product { id sku gtin } } } } }`);
  lot = lots.lots.edges.map((e) => e.node).find((l) => l.product.gtin.startsWith("0"));
  assert.ok(lot, "a demo lot whose GTIN is an EAN-13 padded to 14 digits");
});
after(() => browser?.close());

const scan = async (page, code) => {
  const field = page.getByLabel("Scan or type a GS1 barcode");
  await field.fill(code);
  await field.press("Enter");
};

test("a Digital Link URI on another domain opens the lot's page", async () => {
  const page = await newPage(browser);
  await signIn(page, "warehouse");
  await page.goto("/lots");
  const uri = `https://scan.example.com/dl/01/${lot.product.gtin}/10/${encodeURIComponent(lot.lotNumber)}?17=291231`;
  await scan(page, uri);
  await page.getByRole("heading", { name: new RegExp(`^Lot ${lot.lotNumber}`) }).waitFor();
  assert.match(page.url(), new RegExp(`/lots/${encodeURIComponent(lot.id)}$`));
  await screenshot(page, "gs1-digital-link");
  await page.context().close();
});

test("a GS1 element string with a symbology identifier and GS separators opens the lot", async () => {
  const page = await newPage(browser);
  await signIn(page, "qa");
  await page.goto("/lots");
  await scan(page, `]d201${lot.product.gtin}240E2E-PART\u001d10${lot.lotNumber}\u001d99INTERNAL`);
  await page.getByRole("heading", { name: new RegExp(`^Lot ${lot.lotNumber}`) }).waitFor();
  await page.context().close();
});

test("a plain EAN-13 lists that product's lots; a bad code names its AI", async () => {
  const page = await newPage(browser);
  await signIn(page, "warehouse");
  await page.goto("/lots");
  await scan(page, lot.product.gtin.slice(1));
  await page.getByText(`Lots of ${lot.product.sku}`).waitFor();
  const table = page.getByRole("table");
  await table.getByText(lot.lotNumber, { exact: true }).waitFor();
  // The list of all lots gives way to the product's once its query answers.
  await table.locator("tbody tr").filter({ hasNotText: lot.product.sku }).first().waitFor({ state: "detached" });
  const skus = await table.locator("tbody tr").allInnerTexts();
  assert.ok(skus.length > 0 && skus.every((row) => row.includes(lot.product.sku)), skus.join("\n"));
  await screenshot(page, "gs1-plain-gtin");

  await scan(page, `(01)${lot.product.gtin}(17)281301`);
  await page.getByText(/\(17\) USE BY or EXPIRY 281301 has no month 13/).waitFor();
  await page.getByRole("button", { name: "Show all lots" }).click();
  await page.getByText(`Lots of ${lot.product.sku}`).waitFor({ state: "detached" });
  await page.context().close();
});
