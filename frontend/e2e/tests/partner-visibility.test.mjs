import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, resultsPath, screenshot, signIn } from "../helpers.mjs";

let browser;
let shipped; // a demo order of DIST-A that has shipped

before(async () => {
  browser = await launchBrowser();
  const result = await gql(
    "admin",
    `{ salesOrders(first: 50, filter: { status: [SHIPPED] }) {
         edges { node { number customer { code } shipments { lines { lot { lotNumber } } } } } } }`,
  );
  shipped = result.data.salesOrders.edges.map((e) => e.node).find((o) => o.customer.code === "DIST-A");
  assert.ok(shipped, "the demo data has a shipped order of DIST-A");
});
after(() => browser?.close());

test("partner-a sees its shipped order with its lot and downloads the certificate", async () => {
  const page = await newPage(browser);
  await signIn(page, "partner-a");
  await page.getByRole("link", { name: shipped.number }).click();
  const shipment = page.getByTestId("shipment").first();
  await shipment.waitFor();
  assert.match(await page.getByRole("heading", { level: 1 }).innerText(), /Shipped/);
  const lotNumber = shipped.shipments[0].lines[0].lot.lotNumber;
  await shipment.getByRole("cell", { name: lotNumber, exact: true }).waitFor();
  assert.equal(await page.getByRole("heading", { name: "Audit history" }).count(), 0);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    shipment.getByRole("button", { name: `Certificate ${lotNumber}` }).click(),
  ]);
  const path = resultsPath(`certificate-${lotNumber}.pdf`);
  await download.saveAs(path);
  assert.equal(readFileSync(path).subarray(0, 5).toString(), "%PDF-");
  await screenshot(page, "partner-a-shipped-order");
  await page.context().close();
});

test("partner-b cannot find partner-a's order", async () => {
  const page = await newPage(browser);
  await signIn(page, "partner-b");
  await page.getByLabel("Search").fill(shipped.number);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByText("No orders match these filters.").waitFor();

  await page.goto(`/portal/orders/${shipped.number}`);
  await page.getByText("No order with this number exists, or it is not visible to you.").waitFor();
  await screenshot(page, "partner-b-no-access");
  await page.context().close();
});
