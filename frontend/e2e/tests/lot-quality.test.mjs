// On a lot's page the warehouse holds units (Hold…), an inspector records the planned task,
// and the retained samples are listed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { gql as request, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

let browser;
const gql = async (...args) => {
  const body = await request(...args);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
};

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

const lotId = async (lotNumber) => {
  const lots = await gql("qa", `{ lots(first: 100) { edges { node { id lotNumber } } } }`);
  return lots.lots.edges.map((e) => e.node).find((l) => l.lotNumber === lotNumber).id;
};

test("the warehouse holds part of a lot from its page; samples are listed", async () => {
  const page = await newPage(browser);
  await signIn(page, "warehouse");
  await page.goto(`/lots/${await lotId("PGA-2402")}`);
  await page.getByRole("heading", { name: "Retained samples" }).waitFor();
  await page.getByText(/^RS-\d{4}-\d{6}: 8 of 10 at Retention room B/).waitFor();
  await page.getByRole("button", { name: "Hold…" }).click();
  await page.getByLabel("Reason for the hold").fill("E2E: torn outer cartons");
  await page.getByLabel("Warehouse").selectOption({ label: "NL-RTM" });
  await page.getByLabel("Units to hold").fill("5");
  await page.getByRole("button", { name: "Place hold" }).click();
  await page.getByText(/HLD-\d{4}-\d{6}: 5 units — E2E: torn outer cartons/).waitFor();
  await screenshot(page, "lot-hold");
  await page.context().close();
});

test("an inspector records the planned inspection of a received housing lot", async () => {
  const ids = await gql("qa", `{ suppliers(first: 20) { edges { node { id code } } } warehouses { id code }
    products(first: 100) { edges { node { id sku } } } }`);
  const supplier = ids.suppliers.edges.find((e) => e.node.code === "SUP-ALP").node.id;
  const warehouse = ids.warehouses.find((w) => w.code === "DE-LEJ").id;
  const product = ids.products.edges.find((e) => e.node.sku === "CMP-HSG-02").node.id;
  const received = await gql(
    "warehouse",
    `mutation($input: ReceiveGoodsInput!) { receiveGoods(input: $input) { lots { id } userErrors { message } } }`,
    { input: { supplierId: supplier, warehouseId: warehouse, lines: [{ productId: product, lotNumber: `HSG-E2E-${Date.now() % 100000}`, quantity: 40, manufacturedOn: "2026-11-01" }] } },
  );
  const lot = received.receiveGoods.lots[0].id;
  const page = await newPage(browser);
  await signIn(page, "inspector");
  await page.goto(`/lots/${lot}`);
  await page.getByRole("heading", { name: /Inspection task \(plan v1, 5 samples\)/ }).waitFor();
  await page.getByLabel(/^Bore diameter/).fill("12.00 12.01 11.99 12.02 12.00");
  await page.getByRole("button", { name: "Record results" }).click();
  await page.getByRole("heading", { name: /Inspection task/ }).waitFor({ state: "detached" });
  const after = await gql("qa", `query($id: ID!) { node(id: $id) { ... on Lot { inspectionTasks { status inspection { result } } } } }`, { id: lot });
  assert.deepEqual(after.node.inspectionTasks, [{ status: "DONE", inspection: { result: "PASS" } }]);
  await screenshot(page, "lot-task-done");
  await page.context().close();
});
