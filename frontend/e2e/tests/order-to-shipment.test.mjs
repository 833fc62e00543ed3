// One order's way from sales to the partner portal, each step by the role that owns it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, resultsPath, screenshot, signIn } from "../helpers.mjs";

const PRODUCT = "CAN-IV20G";
let browser;
let orderNumber;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

test("sales creates an order for DIST-A with a 15% discount", async () => {
  const page = await newPage(browser);
  await signIn(page, "sales");
  await page.getByRole("link", { name: "New order" }).first().click();
  await page.getByLabel("Customer", { exact: true }).selectOption({ label: "DIST-A — Nordmed Distributie B.V." });
  await page.getByLabel("Customer reference (PO number)").fill("E2E-PO-1");
  const product = page.getByLabel("Product");
  await product.fill(PRODUCT);
  await page.locator("datalist option").first().waitFor({ state: "attached" });
  const option = await page.locator("datalist option").first().getAttribute("value");
  await product.fill(option);
  await page.getByText(/available/).first().waitFor();
  await page.getByLabel("Quantity").fill("20");
  await page.getByLabel("Discount %").fill("15");
  // The server's preview prices the line and says that the discount needs a sales manager.
  const preview = page.getByTestId("order-preview");
  await preview.getByRole("group", { name: "Approvals needed" }).getByText("(sales manager)").waitFor();
  assert.match(await preview.getByTestId("order-total").innerText(), /€/);
  assert.match(await preview.getByTestId("order-tax").innerText(), /€/);
  assert.match(await preview.getByTestId("credit-exposure").innerText(), /€/);
  assert.match(await page.getByLabel("Line 1 net").innerText(), /€/);
  await screenshot(page, "sales-new-order");
  await page.getByRole("button", { name: "Create and submit" }).click();

  const heading = page.getByRole("heading", { level: 1 });
  await heading.filter({ hasText: "Pending approval" }).waitFor();
  orderNumber = (await heading.innerText()).match(/SO-\d{4}-\d+/)[0];
  await page.getByRole("cell", { name: "15 %" }).waitFor();
  await screenshot(page, "sales-order-pending-approval");
  await page.context().close();
});

test("sales cannot approve it", async () => {
  const page = await newPage(browser);
  await signIn(page, "sales");
  await page.goto(`/orders/${orderNumber}`);
  await page.getByRole("heading", { name: "Approvals" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Approve" }).count(), 0);
  // The buttons are the server's availableActions for this user, no more and no less.
  const offered = (await gql("sales", "query($n: String!) { salesOrder(number: $n) { availableActions } }", { n: orderNumber }))
    .data.salesOrder.availableActions;
  assert.ok(!offered.includes("APPROVE"), `sales is not offered APPROVE (${offered})`);
  const buttons = { SUBMIT: "Submit for approval", ALLOCATE: "Allocate stock", INVOICE: "Issue invoice", CANCEL: "Cancel order…" };
  for (const [action, name] of Object.entries(buttons))
    assert.equal(await page.getByRole("button", { name }).count(), offered.includes(action) ? 1 : 0, `${name} button`);
  assert.equal(await page.getByRole("link", { name: "Approvals" }).count(), 0);
  // Nor through the API with the same session.
  const refusal = await page.evaluate(async (number) => {
    const token = JSON.parse(localStorage.getItem("erp.token")).token;
    const post = (query, variables) =>
      fetch("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json());
    const { data } = await post("query($n: String!) { salesOrder(number: $n) { id } }", { n: number });
    return post(
      `mutation($input: DecideApprovalInput!) { decideApproval(input: $input) { order { status } userErrors { code } } }`,
      { input: { orderId: data.salesOrder.id, approve: true, signature: { password: "demo1234", meaning: "Approved" } } },
    );
  }, orderNumber);
  const refused = refusal.errors?.[0]?.extensions?.code ?? refusal.data?.decideApproval?.userErrors?.[0]?.code;
  assert.ok(refused, `the approval by sales was refused (${JSON.stringify(refusal)})`);
  await screenshot(page, "sales-cannot-approve");
  await page.context().close();
});

test("the manager approves it with an e-signature", async () => {
  const page = await newPage(browser);
  await signIn(page, "manager");
  await page.getByRole("link", { name: "Approvals" }).click();
  const request = page.getByTestId("approval-request").filter({ hasText: orderNumber });
  await request.getByRole("button", { name: "Approve" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Password").fill("wrong-password");
  await dialog.getByRole("button", { name: "Sign" }).click();
  await dialog.getByRole("alert").first().waitFor();
  await screenshot(page, "manager-signature-refused");
  await dialog.getByLabel("Password").fill("demo1234");
  await dialog.getByRole("button", { name: "Sign" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.goto(`/orders/${orderNumber}`);
  await page.getByRole("heading", { level: 1 }).filter({ hasText: "Approved" }).waitFor();
  await page.getByText(/signed “Approved: terms reviewed and accepted”/).waitFor();
  // The audit history tells the story in words: labels, values before and after, no codes or hashes.
  const history = page.getByRole("region", { name: "Audit history" });
  await history.getByText("Approval decided").first().waitFor();
  await history.getByText("Status: Draft → Pending approval").waitFor();
  await history.getByText("Status: Pending approval → Approved").waitFor();
  const text = await history.innerText();
  assert.doesNotMatch(text, /order\.status_changed|approval\.decided/);
  assert.doesNotMatch(text, /\b[0-9a-f]{12,}\b/);
  await screenshot(page, "manager-approved");
  await page.context().close();
});

test("the warehouse allocates and ships it", async () => {
  const page = await newPage(browser);
  await signIn(page, "warehouse");
  await page.goto("/warehouse");
  await page.getByRole("button", { name: `Allocate ${orderNumber}` }).click();
  const row = page.getByRole("row").filter({ hasText: orderNumber });
  await row.getByRole("link", { name: "Pick and ship" }).click();
  await page.getByLabel("Carrier").fill("Polder Parcel");
  await page.getByLabel("Tracking number").fill("PP-E2E-1");
  await screenshot(page, "warehouse-pick-list");
  await page.getByRole("button", { name: "Ship" }).click();
  await page.getByRole("heading", { level: 1 }).filter({ hasText: "Shipped" }).waitFor();
  await page.getByTestId("shipment").first().waitFor();
  await screenshot(page, "warehouse-shipped");
  await page.context().close();
});

test("partner-a sees the order shipped with its lot and downloads the certificate", async () => {
  const page = await newPage(browser);
  await signIn(page, "partner-a");
  await page.getByRole("link", { name: orderNumber }).click();
  await page.getByRole("heading", { level: 1 }).filter({ hasText: "Shipped" }).waitFor();
  const shipment = page.getByTestId("shipment").first();
  const certificate = shipment.getByRole("button", { name: /^Certificate / });
  const label = await certificate.first().innerText();
  const [download] = await Promise.all([page.waitForEvent("download"), certificate.first().click()]);
  const path = resultsPath(`order-certificate-${label.replace(/\W+/g, "-")}.pdf`);
  await download.saveAs(path);
  assert.equal(readFileSync(path).subarray(0, 5).toString(), "%PDF-");
  await screenshot(page, "partner-a-new-order-shipped");
  await page.context().close();
});

test("partner-b cannot find it", async () => {
  const page = await newPage(browser);
  await signIn(page, "partner-b");
  await page.getByLabel("Search").fill(orderNumber);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByText("No orders match these filters.").waitFor();
  await page.goto(`/portal/orders/${orderNumber}`);
  await page.getByText("No order with this number exists, or it is not visible to you.").waitFor();
  await screenshot(page, "partner-b-cannot-find-new-order");
  await page.context().close();
});
