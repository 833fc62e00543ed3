// GS1 labels from the lot page and the order page, and checking a PDF's signature on the
// Verify document page, as the staff roles see them.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { BASE_URL, gql as request, launchBrowser, newPage, resultsPath, screenshot, signIn, token } from "../helpers.mjs";

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

const releasedLot = async () => {
  const lots = await gql("qa", `{ lots(first: 100, status: [RELEASED]) { edges { node { id lotNumber
    release { certificate { title downloadUrl } } } } } }`);
  return lots.lots.edges.map((e) => e.node).find((l) => l.release?.certificate);
};

test("the warehouse prints GS1-128 labels of a lot; the PDF joins the lot's documents", async () => {
  const lot = await releasedLot();
  const page = await newPage(browser);
  await signIn(page, "warehouse");
  await page.goto(`/lots/${lot.id}`);
  await page.getByRole("heading", { name: new RegExp(`^Lot ${lot.lotNumber}`) }).waitFor();
  await page.getByRole("button", { name: "Print labels…" }).click();
  const dialog = page.getByRole("dialog", { name: "Print labels" });
  await dialog.getByLabel("Symbology").selectOption({ label: "GS1-128" });
  await dialog.getByLabel("Copies").fill("2");
  await screenshot(page, "print-labels-dialog");
  await dialog.getByRole("button", { name: "Print" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByRole("button", { name: `Labels ${lot.lotNumber}` }).waitFor();
  const documents = await gql("qa", `query($id: ID!) { node(id: $id) { ... on Lot { documents { kind title } } } }`, { id: lot.id });
  assert.ok(documents.node.documents.some((d) => d.kind === "LABEL" && d.title === `Labels ${lot.lotNumber}`));
  await page.context().close();
});

test("a bad copy count is refused in the dialog", async () => {
  const lot = await releasedLot();
  const page = await newPage(browser);
  await signIn(page, "qa");
  await page.goto(`/lots/${lot.id}`);
  await page.getByRole("button", { name: "Print labels…" }).click();
  const dialog = page.getByRole("dialog", { name: "Print labels" });
  // The browser's own limit is bypassed: the server's check is what counts.
  await dialog.getByLabel("Copies").evaluate((input) => input.removeAttribute("max"));
  await dialog.getByLabel("Copies").fill("51");
  await dialog.getByRole("button", { name: "Print" }).click();
  await dialog.getByText("Print 1 to 50 copies of each label.").waitFor();
  await page.context().close();
});

test("the warehouse prints carton labels of a shipment from the order page", async () => {
  const orders = await gql("warehouse", `{ salesOrders(first: 50) { edges { node { number shipments { number } } } } }`);
  const order = orders.salesOrders.edges.map((e) => e.node).find((o) => o.shipments.length > 0);
  const page = await newPage(browser);
  await signIn(page, "warehouse");
  await page.goto(`/orders/${order.number}`);
  const shipment = page.getByTestId("shipment").first();
  await shipment.getByRole("button", { name: "Print carton labels" }).click();
  await shipment.getByRole("button", { name: /^Labels SH-/ }).first().waitFor();
  await screenshot(page, "carton-labels");
  await page.context().close();
});

const download = async (url) => {
  const response = await fetch(`${BASE_URL}${url}`, { headers: { authorization: `Bearer ${await token("qa")}` } });
  assert.equal(response.status, 200);
  return Buffer.from(await response.arrayBuffer());
};

test("every staff role verifies a certificate: intact is valid, altered is not", async () => {
  const lot = await releasedLot();
  const content = await download(lot.release.certificate.downloadUrl);
  const good = resultsPath("verify-good.pdf");
  const bad = resultsPath("verify-altered.pdf");
  writeFileSync(good, content);
  writeFileSync(bad, Buffer.concat([content, Buffer.from("\n% added after signing\n")]));

  for (const user of ["sales", "warehouse", "qa", "inspector", "finance"]) {
    const page = await newPage(browser);
    await signIn(page, user);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Verify document" }).click();
    await page.getByRole("heading", { name: "Verify a document" }).waitFor();
    if (user === "sales") {
      await page.getByLabel("PDF file").setInputFiles(good);
      await page.getByRole("heading", { name: "Signature valid" }).waitFor();
      await page.getByText(lot.release.certificate.title, { exact: false }).waitFor();
      await screenshot(page, "verify-valid");
      await page.getByLabel("PDF file").setInputFiles(bad);
      await page.getByRole("heading", { name: "Signature not valid" }).waitFor();
      await page.getByText(/does not cover the whole file/).waitFor();
      await screenshot(page, "verify-not-valid");
    }
    await page.context().close();
  }
});
