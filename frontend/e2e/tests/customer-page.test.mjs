// Customer page: sales opens a customer from the Customers list or from an order, sees its
// master data, credit and recent orders, attaches a PDF (File, Kind, Title, Attach) and finds
// it listed with its version, sha256 and Download. Partners have no customer pages.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { signInOwnUser } from "../flows.mjs";
import { chooseLanguage, gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;
let customer; // a demo customer with orders
before(async () => {
  browser = await launchBrowser();
  const found = await gql(
    "sales",
    `{ customers(first: 50) { edges { node { id code name creditLimit
        orders(first: 1) { totalCount edges { node { number } } } } } } }`,
  );
  customer = found.data.customers.edges.map((e) => e.node).find((c) => c.orders.totalCount > 0);
  assert.ok(customer, "the demo data has a customer with orders");
});
after(() => browser?.close());

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
/** A small but well-formed PDF, different for every title. */
function pdf(title) {
  const body = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${title}\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

async function attachAndCheck(page, width) {
  const section = page.getByRole("region", { name: "Documents", exact: true });
  const title = `Quality agreement ${width} ${Date.now()}`;
  const bytes = pdf(title);
  await section.getByRole("button", { name: "Attach document…" }).click();
  const dialog = page.getByRole("dialog", { name: "Attach document" });
  await dialog.getByLabel("File").setInputFiles({ name: "agreement.pdf", mimeType: "application/pdf", buffer: bytes });
  await dialog.getByLabel("Kind").selectOption({ label: "Other" });
  await dialog.getByLabel("Title").fill(title);
  await dialog.getByRole("button", { name: "Attach" }).click();
  await dialog.waitFor({ state: "detached" });

  const row = section.getByTestId("documents-table").getByRole("row").filter({ hasText: title });
  await row.waitFor();
  assert.equal(await row.getByRole("cell", { name: "1", exact: true }).count(), 1, "version 1");
  assert.match(await row.innerText(), new RegExp(sha256(bytes)));
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    row.getByRole("button", { name: `Download ${title} v1` }).click(),
  ]);
  assert.deepEqual(readFileSync(await download.path()), bytes);
}

test("sales opens a customer from the Customers list and attaches a PDF (1280 px)", async () => {
  const page = await newPage(browser, { width: 1280 });
  await signIn(page, "sales");
  await page.goto("/admin/customers");
  await page.getByRole("heading", { level: 1, name: "Customers" }).waitFor();
  await page.getByRole("link", { name: customer.name, exact: true }).click();

  await page.getByRole("heading", { level: 1, name: new RegExp(`^Customer ${customer.code}`) }).waitFor();
  const facts = page.getByTestId("customer-facts");
  assert.match(await facts.innerText(), new RegExp(customer.name));
  const credit = new Intl.NumberFormat("en-GB", { style: "currency", currency: "EUR" }).format(Number(customer.creditLimit));
  assert.equal(await page.getByTestId("customer-credit-limit").innerText(), credit);
  await page.getByTestId("customer-open-balance").waitFor();

  // Recent orders link to the order pages.
  const number = customer.orders.edges[0].node.number;
  await page.getByTestId("customer-orders").getByRole("link", { name: number, exact: true }).waitFor();

  await attachAndCheck(page, 1280);
  await screenshot(page, "customer-page-1280");

  await page.getByTestId("customer-orders").getByRole("link", { name: number, exact: true }).click();
  await page.waitForURL(new RegExp(`/orders/${number}$`));
  await page.context().close();
});

test("sales opens the customer from an order and attaches a PDF; a partner has no customer page (800 px)", async () => {
  const number = customer.orders.edges[0].node.number;
  const page = await newPage(browser, { width: 800 });
  await signIn(page, "sales");
  await page.goto(`/orders/${number}`);
  await page.getByTestId("order-customer").click();
  await page.getByRole("heading", { level: 1, name: new RegExp(`^Customer ${customer.code}`) }).waitFor();
  await attachAndCheck(page, 800);
  await screenshot(page, "customer-page-800");
  await page.context().close();

  const partner = await newPage(browser, { width: 800 });
  await signIn(partner, "partner-a");
  const own = (await gql("partner-a", "{ viewer { customer { id } } }")).data.viewer.customer.id;
  await partner.goto(`/customers/${own}`);
  await partner.waitForURL(/\/portal$/);
  assert.equal(await partner.getByTestId("customer-page").count(), 0);
  assert.equal(await partner.getByRole("button", { name: "Attach document…" }).count(), 0);
  await partner.context().close();
});

test("the customer page in Chinese: heading, Attach document and the credit limit as zh-CN writes it (1280 px)", async () => {
  const page = await newPage(browser, { width: 1280 });
  // The choice is saved with the account: an account of its own leaves the demo users alone.
  await signInOwnUser(page, ["SALES"]);
  await chooseLanguage(page, "zh-CN");
  await page.goto(`/customers/${customer.id}`);
  await page.getByRole("heading", { level: 1, name: new RegExp(`^客户 ${customer.code}`) }).waitFor();
  await page.getByRole("heading", { level: 2, name: /^近期订单/ }).waitFor();
  await page.getByRole("region", { name: "文件", exact: true }).getByRole("button", { name: "附加文件…" }).waitFor();
  const credit = new Intl.NumberFormat("zh-CN", { style: "currency", currency: "EUR" }).format(Number(customer.creditLimit));
  assert.equal(await page.getByTestId("customer-credit-limit").innerText(), credit);
  await screenshot(page, "customer-page-zh-CN");
  await page.context().close();
});
