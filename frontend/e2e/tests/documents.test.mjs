// Documents: staff attach files (File, Kind, Title, Attach) to lots, orders, shipments and
// suppliers (QA keeps supplier certificates); the Documents list shows each version with its sha256 and downloads it. Partners
// see their shipments' certificates and attach nothing.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { chooseLanguage, gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";
import { axeViolations, shippedOrder, signInOwnUser } from "../flows.mjs";

let browser;
let order; // a fresh DIST-A order, shipped
before(async () => {
  browser = await launchBrowser();
  order = await shippedOrder("DIST-A", "CAN-IV20G", 2);
});
after(() => browser?.close());

const sha256 = (text) => createHash("sha256").update(text).digest("hex");
const file = (name, text) => ({ name, mimeType: "text/plain", buffer: Buffer.from(text) });

/** Attach through the dialog opened from `scope`'s Attach document… button. */
async function attach(page, scope, { name, text, kind, title }) {
  await scope.getByRole("button", { name: "Attach document…" }).click();
  const dialog = page.getByRole("dialog", { name: "Attach document" });
  await dialog.getByLabel("File").setInputFiles(file(name, text));
  if (kind) await dialog.getByLabel("Kind").selectOption({ label: kind });
  await dialog.getByLabel("Title").fill(title);
  await dialog.getByRole("button", { name: "Attach" }).click();
  await dialog.waitFor({ state: "detached" });
}

function row(scope, title, version) {
  return scope.getByTestId("documents-table").getByRole("row").filter({ hasText: title }).filter({ has: scope.page().getByRole("cell", { name: String(version), exact: true }) });
}

test("the warehouse attaches two versions of a certificate to a lot and downloads the first (1280 px)", async () => {
  const lots = await gql("warehouse", `{ lots(first: 5, status: [RELEASED]) { edges { node { id lotNumber } } } }`);
  const lot = lots.data.lots.edges[0].node;
  const page = await newPage(browser, { width: 1280 });
  await signIn(page, "warehouse");
  await page.goto(`/lots/${lot.id}`);
  const section = page.getByRole("region", { name: "Documents" });
  await section.getByRole("button", { name: "Attach document…" }).click();
  const dialog = page.getByRole("dialog", { name: "Attach document" });

  // No file: said at the field. A file but no title: the server's refusal at Title; the kind stays.
  await dialog.getByRole("button", { name: "Attach" }).click();
  await dialog.getByText("Choose a file to attach").waitFor();
  await dialog.getByLabel("File").setInputFiles(file("coc-1.txt", `CoC ${lot.lotNumber} rev 1\n`));
  await dialog.getByLabel("Kind").selectOption({ label: "Inspection report" });
  await dialog.getByRole("button", { name: "Attach" }).click();
  await dialog.getByText(/A title has 1 to \d+ characters/).waitFor();
  assert.equal(await dialog.getByLabel("Title").getAttribute("aria-invalid"), "true");
  assert.equal(await dialog.getByLabel("Kind").inputValue(), "INSPECTION_REPORT");
  assert.deepEqual(await axeViolations(page, "[role=dialog]"), []);
  await screenshot(page, "documents-refused-1280");

  const title = `Incoming report ${Date.now()}`;
  await dialog.getByLabel("Title").fill(title);
  await dialog.getByRole("button", { name: "Attach" }).click();
  await dialog.waitFor({ state: "detached" });
  const first = row(section, title, 1);
  await first.waitFor();
  assert.match(await first.innerText(), new RegExp(sha256(`CoC ${lot.lotNumber} rev 1\n`)));
  assert.match(await first.innerText(), /Inspection report/);

  await attach(page, section, { name: "coc-2.txt", text: `CoC ${lot.lotNumber} rev 2\n`, kind: "Inspection report", title });
  const second = row(section, title, 2);
  await second.waitFor();
  assert.match(await second.innerText(), new RegExp(sha256(`CoC ${lot.lotNumber} rev 2\n`)));
  assert.equal(await row(section, title, 1).count(), 1, "the first version stays listed");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    first.getByRole("button", { name: `Download ${title} v1` }).click(),
  ]);
  assert.equal(readFileSync(await download.path(), "utf8"), `CoC ${lot.lotNumber} rev 1\n`);
  assert.deepEqual(await axeViolations(page, "article"), []);
  await screenshot(page, "documents-lot-1280");
  await page.context().close();
});

test("sales attaches to an order and a shipment, QA to a supplier; the partner sees its shipment's paper (800 px)", async () => {
  const stamp = Date.now();
  const page = await newPage(browser, { width: 800 });
  await signIn(page, "sales");
  await page.goto(`/orders/${order.number}`);
  const orderDocs = page.getByRole("region", { name: "Documents", exact: true });
  await attach(page, orderDocs, { name: "po.txt", text: "Customer PO scan\n", title: `Customer PO ${stamp}` });
  await row(orderDocs, `Customer PO ${stamp}`, 1).waitFor();
  const shipmentDocs = page.getByRole("region", { name: `Documents of ${order.shipmentNumber}` });
  await attach(page, shipmentDocs, {
    name: "coc.txt",
    text: "Conformity statement\n",
    kind: "Certificate of conformity",
    title: `Conformity ${stamp}`,
  });
  await row(shipmentDocs, `Conformity ${stamp}`, 1).waitFor();
  await screenshot(page, "documents-order-800");
  await page.context().close();

  const qa = await newPage(browser, { width: 800 });
  await signIn(qa, "qa");
  await qa.goto("/suppliers");
  await qa.getByRole("link", { name: "SUP-ALP" }).click();
  await qa.getByRole("heading", { level: 1, name: /Supplier SUP-ALP/ }).waitFor();
  const supplierDocs = qa.getByRole("region", { name: "Documents" });
  await attach(qa, supplierDocs, { name: "iso.txt", text: `ISO 13485 certificate ${stamp}\n`, title: `ISO 13485 ${stamp}` });
  const supplierRow = row(supplierDocs, `ISO 13485 ${stamp}`, 1);
  await supplierRow.waitFor();
  assert.match(await supplierRow.innerText(), /Supplier certificate/);
  assert.match(await supplierRow.innerText(), new RegExp(sha256(`ISO 13485 certificate ${stamp}\n`)));
  assert.deepEqual(await axeViolations(qa, "article"), []);
  await screenshot(qa, "documents-supplier-800");
  await qa.context().close();

  const partner = await newPage(browser, { width: 800 });
  await signIn(partner, "partner-a");
  await partner.goto(`/portal/orders/${order.number}`);
  const seen = partner.getByRole("region", { name: `Documents of ${order.shipmentNumber}` });
  await seen.getByRole("button", { name: `Download Conformity ${stamp} v1` }).waitFor();
  assert.equal(await partner.getByRole("button", { name: "Attach document…" }).count(), 0);
  await partner.context().close();
});

test("in Chinese a document is attached with 附加文件 and listed with its zh-CN upload time (1280 px)", async () => {
  const lots = await gql("warehouse", `{ lots(first: 5, status: [RELEASED]) { edges { node { id lotNumber } } } }`);
  const lot = lots.data.lots.edges[0].node;
  const page = await newPage(browser, { width: 1280 });
  await signInOwnUser(page, ["WAREHOUSE"]);
  await chooseLanguage(page, "zh-CN");
  await page.goto(`/lots/${lot.id}`);
  const section = page.getByRole("region", { name: "文件", exact: true });
  await section.getByRole("button", { name: "附加文件…" }).click();
  const dialog = page.getByRole("dialog", { name: "附加文件" });
  await dialog.getByRole("button", { name: "附加", exact: true }).click();
  await dialog.getByText("请选择要附加的文件").waitFor();
  const title = `中文证书 ${Date.now()}`;
  await dialog.getByLabel("文件", { exact: true }).setInputFiles(file("zh.txt", `${title}\n`));
  await dialog.getByLabel("标题", { exact: true }).fill(title);
  await dialog.getByRole("button", { name: "附加", exact: true }).click();
  await dialog.waitFor({ state: "detached" });
  const attached = section.getByTestId("documents-table").getByRole("row").filter({ hasText: title });
  await attached.waitFor();
  const read = await gql("warehouse", `query($id: ID!) { node(id: $id) { ... on Lot { documents { title uploadedAt } } } }`, { id: lot.id });
  const uploadedAt = read.data.node.documents.find((d) => d.title === title).uploadedAt;
  const when = new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium", timeStyle: "short" }).format(new Date(uploadedAt));
  assert.equal(await attached.getByRole("cell").nth(3).innerText(), when);
  await attached.getByRole("button", { name: `下载 ${title} v1` }).waitFor();
  await screenshot(page, "documents-zh-CN-1280");
  await page.context().close();
});
