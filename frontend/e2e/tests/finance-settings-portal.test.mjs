// The finance desk's Settings (tax rules, policy, threshold, periods, export) and the partner
// portal's statement and PDFs.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { gql, launchBrowser, newPage, screenshot, signIn } from "../helpers.mjs";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
let browser;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

async function downloaded(page, click) {
  const download = page.waitForEvent("download");
  await click();
  const file = await download;
  return { name: file.suggestedFilename(), content: readFileSync(await file.path()) };
}

async function financeSettings() {
  const page = await newPage(browser);
  await signIn(page, "finance");
  await page.getByRole("link", { name: "Finance settings" }).click();
  await page.getByRole("heading", { level: 1, name: "Finance settings" }).waitFor();
  return page;
}

test("tax rules are listed and a new one is saved; a rate outside 0..1 or a bad country is refused", async () => {
  const page = await financeSettings();
  const rules = page.getByRole("region", { name: "Tax rules" });
  await rules.getByRole("cell", { name: /Intra-Community supply, VAT reverse charge/ }).first().waitFor();
  const before = await rules.getByRole("row").count();

  await rules.getByLabel("Country").fill("AT");
  await rules.getByLabel("Rate").fill("1.5");
  await rules.getByRole("button", { name: "Save tax rule" }).click();
  await rules.getByRole("alert").getByText("The rate lies between 0 and 1, e.g. 0.2100.").waitFor();
  await rules.getByLabel("Country").fill("Austria");
  await rules.getByLabel("Rate").fill("0.2");
  await rules.getByRole("button", { name: "Save tax rule" }).click();
  await rules.getByRole("alert").getByText("The country is ISO 3166-1 alpha-2, e.g. NL.").waitFor();
  assert.equal(await rules.getByRole("row").count(), before, "a refused rule adds no row");

  await rules.getByLabel("Country").fill("AT");
  await rules.getByLabel("Legal note").fill("E2E Austrian standard rate");
  await rules.getByRole("button", { name: "Save tax rule" }).click();
  const added = rules.getByRole("row").filter({ hasText: "E2E Austrian standard rate" });
  await added.waitFor();
  assert.match(await added.innerText(), /AT\s+STANDARD\s+STANDARD\s+20\.00 %/);
  await rules.getByRole("alert").waitFor({ state: "detached" });
  await screenshot(page, "finance-settings-tax-rules");
  await page.context().close();
});

/** Save, and wait for the server's answer: a reload before it would read the old settings. */
async function saveSettings(page, region) {
  const answered = page.waitForResponse((r) => r.url().endsWith("/graphql") && (r.request().postData() ?? "").includes("FinanceUpdateSettings"));
  await region.getByRole("button", { name: "Save" }).click();
  await answered;
}

test("the default invoicing policy and the write-off threshold are saved; amounts not in cents are refused", async () => {
  const page = await financeSettings();
  const invoicing = page.getByRole("region", { name: "Invoicing" });
  await invoicing.getByText("Medilane Medical Devices B.V.").waitFor();
  await invoicing.getByText("NL91ABNA0417164300 (1100)").waitFor();
  assert.equal(await invoicing.getByLabel("Default invoicing policy").inputValue(), "PER_SHIPMENT");
  assert.equal(await invoicing.getByLabel("Write-off threshold").inputValue(), "5.00");

  await invoicing.getByLabel("Write-off threshold").fill("7.505");
  await invoicing.getByRole("button", { name: "Save" }).click();
  await invoicing.getByRole("alert").getByText("The threshold is zero or more, in cents.").waitFor();

  await invoicing.getByLabel("Default invoicing policy").selectOption("PER_ORDER");
  await invoicing.getByLabel("Write-off threshold").fill("7.50");
  await saveSettings(page, invoicing);
  await invoicing.getByRole("alert").waitFor({ state: "detached" });
  await page.reload();
  const saved = page.getByRole("region", { name: "Invoicing" });
  await saved.getByLabel("Write-off threshold").waitFor();
  assert.equal(await saved.getByLabel("Write-off threshold").inputValue(), "7.50");
  assert.equal(await saved.getByLabel("Default invoicing policy").inputValue(), "PER_ORDER");

  // Back to the demo's settings, for the other tests.
  await saved.getByLabel("Default invoicing policy").selectOption("PER_SHIPMENT");
  await saved.getByLabel("Write-off threshold").fill("5.00");
  await saveSettings(page, saved);
  await page.reload();
  await page.getByRole("region", { name: "Invoicing" }).getByLabel("Write-off threshold").waitFor();
  assert.equal(await page.getByRole("region", { name: "Invoicing" }).getByLabel("Write-off threshold").inputValue(), "5.00");
  await page.context().close();
});

test("periods: last month is closed, reopened only with a reason, closed again; this month cannot close", async () => {
  const page = await financeSettings();
  const today = new Date();
  const periods = page.getByRole("region", { name: "Periods" });
  const thisMonth = `${MONTHS[today.getMonth()]} ${today.getFullYear()}`;
  await periods.getByRole("button", { name: `Close ${thisMonth}` }).click();
  await periods.getByRole("alert").getByText(/has not ended yet; only ended months close/).waitFor();

  // The demo closed last month (the statement's opening balance); in January that is last
  // year's December, listed all the same.
  const previous = new Date(today.getFullYear(), today.getMonth() - 1, 1);
  const last = `${MONTHS[previous.getMonth()]} ${previous.getFullYear()}`;
  const row = periods.getByRole("listitem").filter({ hasText: new RegExp(`^${last}\\b`) });
  await row.getByText("Closed").waitFor();
  // The current month and the twelve before it.
  assert.equal(await periods.getByRole("listitem").filter({ hasText: /^[A-Z][a-z]{2} \d{4}\b/ }).count(), 13);
  await row.getByRole("button", { name: `Reopen ${last}` }).click();
  await periods.getByRole("alert").getByText("Say why the month is reopened.").waitFor();
  await row.getByText("Closed").waitFor();
  await periods.getByLabel("Reason for reopening").fill("E2E: a late bank statement");
  await row.getByRole("button", { name: `Reopen ${last}` }).click();
  await row.getByText("Open").waitFor();
  await screenshot(page, "finance-settings-periods");
  await row.getByRole("button", { name: `Close ${last}` }).click();
  await row.getByText("Closed").waitFor();
  await page.context().close();
});

test("the general ledger exports as CSV and as DATEV; from after to is refused", async () => {
  const page = await financeSettings();
  const exporter = page.getByRole("region", { name: "Export" });
  const iso = new Date().toISOString().slice(0, 10);
  await exporter.getByLabel("From").fill(iso);
  await exporter.getByLabel("To").fill(`${new Date().getFullYear() - 1}-01-01`);
  await exporter.getByRole("button", { name: "Export general ledger" }).click();
  await exporter.getByRole("alert").getByText("`from` comes before `to`.").waitFor();

  await exporter.getByLabel("From").fill(`${new Date().getFullYear() - 1}-01-01`);
  await exporter.getByLabel("To").fill(iso);
  await exporter.getByRole("button", { name: "Export general ledger" }).click();
  await exporter.getByText(/\d+ entries/).waitFor();
  const csv = await downloaded(page, () => exporter.getByRole("button", { name: "Download export" }).click());
  const lines = csv.content.toString("utf-8").trim().split(/\r?\n/);
  assert.equal(lines[0], "date,entry,reference,memo,account,account_name,debit,credit");
  assert.ok(lines.some((l) => /^\d{4}-\d{2}-\d{2},\d+,INV-\d{4}-\d{6},.*,1200,.*,\d+\.\d{2},0\.00$/.test(l)), lines.slice(0, 5).join("\n"));

  await exporter.getByLabel("Format").selectOption("DATEV");
  const answered = page.waitForResponse((r) => r.url().endsWith("/graphql") && (r.request().postData() ?? "").includes("exportGeneralLedger"));
  await exporter.getByRole("button", { name: "Export general ledger" }).click();
  await answered;
  await exporter.getByText(/\d+ entries/).waitFor();
  const datev = await downloaded(page, () => exporter.getByRole("button", { name: "Download export" }).click());
  const text = datev.content.toString("latin1");
  assert.match(text, /^"?EXTF"?;700;21;/);
  assert.match(text, /;"?INV-\d{4}-\d{6}"?;/, "the invoice number in Belegfeld 1");
  assert.match(text, /\d+,\d{2};/, "decimal comma");
  await screenshot(page, "finance-settings-export");
  await page.context().close();
});

test("a partner reads its own statement and downloads it and its invoices as PDF", async () => {
  const page = await newPage(browser);
  await signIn(page, "partner-a");
  for (const hidden of ["Receivables", "Bank reconciliation", "Finance settings", "Invoices"])
    assert.equal(await page.getByRole("link", { name: hidden, exact: true }).count(), 0, hidden);
  await page.getByRole("link", { name: "Statement", exact: true }).click();
  await page.getByRole("heading", { level: 2, name: "Statement DIST-A" }).waitFor();
  await page.getByText("Opening balance").waitFor();
  await page.getByText("Closing balance").waitFor();
  // The demo's credit note and refund of this month are on DIST-A's statement.
  const table = page.getByRole("table");
  await table.getByRole("cell", { name: "Credit note", exact: true }).first().waitFor();
  await table.getByRole("cell", { name: "Refund", exact: true }).first().waitFor();
  await screenshot(page, "portal-statement");
  const statement = await downloaded(page, () => page.getByRole("button", { name: "Download PDF" }).click());
  assert.match(statement.name, /^statement-DIST-A-.*\.pdf$/);
  assert.equal(statement.content.subarray(0, 5).toString(), "%PDF-");

  // One of its orders' invoices, from the order page.
  await page.getByRole("link", { name: "My orders" }).click();
  await page.getByRole("link", { name: /^SO-\d{4}-\d{6}$/ }).first().waitFor();
  const orders = await page.getByRole("link", { name: /^SO-\d{4}-\d{6}$/ }).allInnerTexts();
  let opened = false;
  for (const number of orders) {
    await page.goto(`/portal/orders/${number}`);
    await page.getByRole("heading", { level: 1, name: new RegExp(number) }).waitFor();
    const invoice = page.getByRole("link", { name: /^INV-\d{4}-\d{6}$/ }).first();
    if (!(await invoice.count())) continue;
    const invoiceNumber = await invoice.innerText();
    await invoice.click();
    await page.getByRole("heading", { level: 1, name: invoiceNumber }).waitFor();
    for (const desk of ["Void", "Write off", "Record payment", "Credit note"])
      assert.equal(await page.getByRole("button", { name: desk, exact: true }).count(), 0, desk);
    const pdf = await downloaded(page, () => page.getByRole("button", { name: "Download PDF" }).click());
    assert.equal(pdf.content.subarray(0, 5).toString(), "%PDF-");
    opened = true;
    break;
  }
  assert.ok(opened, "a DIST-A order with an invoice");
  await page.context().close();
});

test("an invoice is voided with a reason, re-issued under a new number, paid short and its rest written off", async () => {
  const found = await gql("finance", `{ salesOrders(first: 20, filter: {status: [DELIVERED]}) { edges { node { id number shipments { status invoices { status } } } } } }`);
  const order = found.data.salesOrders.edges
    .map((e) => e.node)
    .find((o) => o.shipments.some((s) => s.status === "DELIVERED" && s.invoices.every((i) => i.status === "VOID")));
  assert.ok(order, "a delivered order with a delivery not yet invoiced");
  const issued = await gql("finance", `mutation($input: IssueInvoiceInput!) { issueInvoice(input: $input) { invoice { id number } userErrors { code message } } }`, {
    input: { orderId: order.id },
  });
  const first = issued.data.issueInvoice.invoice;
  assert.ok(first, JSON.stringify(issued));

  const page = await newPage(browser);
  await signIn(page, "finance");
  await page.goto(`/invoices/${encodeURIComponent(first.id)}`);
  await page.getByRole("heading", { level: 1, name: first.number }).waitFor();
  await page.getByRole("button", { name: "Void", exact: true }).click();
  const voiding = page.getByRole("dialog", { name: `Void ${first.number}` });
  await voiding.getByLabel("Reason").fill("   ");
  await voiding.getByRole("button", { name: "Void" }).click();
  await voiding.getByRole("alert").waitFor();
  await voiding.getByLabel("Reason").fill("E2E: billed to the wrong cost centre");
  await voiding.getByRole("button", { name: "Void" }).click();
  await page.locator('[data-status="VOID"]').getByText("Void").waitFor();
  assert.equal(await page.getByTestId("invoice-balance").innerText(), "€0.00");
  await page.getByText("E2E: billed to the wrong cost centre").waitFor();
  for (const gone of ["Void", "Record payment", "Write off", "Credit note"])
    assert.equal(await page.getByRole("button", { name: gone, exact: true }).count(), 0, gone);

  // Its deliveries are invoiceable again: a new number.
  await page.goto(`/orders/${order.number}`);
  await page.getByRole("link", { name: first.number, exact: true }).waitFor();
  const known = await page.getByRole("link", { name: /^INV-\d{4}-\d+$/ }).allInnerTexts();
  await page.getByRole("button", { name: "Issue invoice" }).click();
  const dialog = page.getByRole("dialog", { name: "Issue invoice" });
  await dialog.getByRole("button", { name: "Issue invoice" }).click();
  await dialog.waitFor({ state: "detached" });
  const again = page.getByRole("link", { name: /^INV-\d{4}-\d+$/ }).filter({ hasNotText: new RegExp(known.join("|")) }).first();
  await again.waitFor();
  const second = await again.innerText();
  assert.notEqual(second, first.number);
  await again.click();
  await page.getByRole("heading", { level: 1, name: second }).waitFor();

  // Paid 2.00 short (the customer's bank took its charges), the rest written off.
  await page.getByRole("button", { name: "Record payment" }).click();
  const pay = page.getByRole("dialog", { name: "Record payment" });
  const balance = Number(await pay.getByLabel("Amount").inputValue());
  await pay.getByLabel("Amount").fill((balance - 2).toFixed(2));
  await pay.getByLabel("Reference").fill("E2E short payment");
  await pay.getByRole("button", { name: "Record payment" }).click();
  await page.locator('[data-status="PARTIALLY_PAID"]').waitFor();
  assert.equal(await page.getByTestId("invoice-balance").innerText(), "€2.00");
  await page.getByRole("button", { name: "Write off", exact: true }).click();
  const writeOff = page.getByRole("dialog", { name: `Write off the rest of ${second}` });
  await writeOff.getByLabel("Reason").fill("E2E: bank charges deducted");
  await writeOff.getByRole("button", { name: "Write off" }).click();
  await page.locator('[data-status="PAID"]').getByText("Paid").waitFor();
  assert.equal(await page.getByTestId("invoice-balance").innerText(), "€0.00");
  await screenshot(page, "finance-invoice-written-off");
  await page.context().close();
});

test("a credit note takes units or a net amount per line, never both; receivables refund the credit", async () => {
  const open = await gql("finance", `{ invoices(first: 20, status: [OPEN, PARTIALLY_PAID]) { edges { node { id number balance lines { quantity creditedQuantity } customer { code } } } } }`);
  const invoice = open.data.invoices.edges.map((e) => e.node).find((i) => i.lines[0].quantity - i.lines[0].creditedQuantity >= 1 && Number(i.balance) > 50);
  assert.ok(invoice, "an open invoice with a unit left to credit");
  const page = await newPage(browser);
  await signIn(page, "finance");
  await page.goto(`/invoices/${encodeURIComponent(invoice.id)}`);
  await page.getByRole("heading", { level: 1, name: invoice.number }).waitFor();
  const before = await page.getByTestId("invoice-balance").innerText();
  await page.getByRole("button", { name: "Credit note", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Credit note" });
  await dialog.getByLabel("Units to credit on line 1").fill("1");
  await dialog.getByLabel("Net amount to credit on line 1").fill("1.00");
  await dialog.getByLabel("Reason").fill("E2E: one unit returned");
  await dialog.getByRole("button", { name: "Issue credit note" }).click();
  await dialog.getByRole("alert").waitFor();
  await dialog.getByLabel("Net amount to credit on line 1").fill("");
  await dialog.getByRole("button", { name: "Issue credit note" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByRole("region", { name: "Credit notes" }).getByText(/CN-\d{4}-\d+ .* E2E: one unit returned/).waitFor();
  assert.notEqual(await page.getByTestId("invoice-balance").innerText(), before);
  await page.context().close();

  // DIST-A's credit (the demo's credit note on a paid invoice, partly refunded) is refunded.
  const desk = await newPage(browser);
  await signIn(desk, "finance");
  await desk.getByRole("link", { name: "Receivables" }).click();
  const table = desk.getByRole("table", { name: "Ageing" });
  const total = table.locator("tfoot tr");
  const cells = await total.getByRole("cell").allInnerTexts();
  for (const [n, bucket] of ["Current", "1–30", "31–60", "61–90", "Over 90"].entries())
    assert.notEqual(cells[n], "€0.00", `${bucket}: ${cells.join(" | ")}`);
  await table.getByRole("button", { name: "Statement DIST-A" }).click();
  await desk.getByRole("heading", { name: "Statement DIST-A" }).waitFor();
  const credit = desk.getByText(/^Credit balance: /);
  await credit.waitFor();
  const creditBefore = await credit.innerText();
  const refundsBefore = await desk.getByRole("cell", { name: "Refund", exact: true }).count();
  await desk.getByLabel("Refund amount").fill("10.00");
  await desk.getByLabel("Refund reference").fill("E2E refund");
  await desk.getByRole("button", { name: "Refund", exact: true }).click();
  await desk.getByText(/^Credit balance: /).filter({ hasNotText: creditBefore.replace("Credit balance: ", "") }).waitFor();
  assert.equal(await desk.getByRole("cell", { name: "Refund", exact: true }).count(), refundsBefore + 1);
  await screenshot(desk, "finance-receivables-refund");
  await desk.context().close();
});

test("the invoices list filters by customer and by overdue", async () => {
  const page = await newPage(browser);
  await signIn(page, "finance");
  await page.getByRole("link", { name: "Invoices", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Invoices" }).waitFor();
  const customers = async () => {
    await page.getByRole("table").waitFor();
    return new Set(await page.locator("tbody tr td:nth-child(2)").allInnerTexts());
  };
  // The list refetches after a filter changes: wait until it shows only `code`.
  const onlyShows = async (code) => {
    for (let n = 0; n < 50 && [...(await customers())].join() !== code; n++) await page.waitForTimeout(200);
    assert.deepEqual(await customers(), new Set([code]));
  };
  const customer = page.getByLabel("Customer");
  await customer.selectOption({ label: (await customer.locator("option", { hasText: "CLIN-MAD" }).innerText()).trim() });
  await onlyShows("CLIN-MAD");
  await page.getByLabel("Overdue only").check();
  // The demo's invoice over 90 days past due.
  await page.getByRole("row").filter({ hasText: "CLIN-MAD" }).first().waitFor();
  await customer.selectOption({ label: (await customer.locator("option", { hasText: "DIST-A" }).innerText()).trim() });
  // DIST-A owes nothing overdue: its open invoice is not due yet.
  await page.getByText("No invoice matches.").waitFor();
  await page.getByLabel("Overdue only").uncheck();
  await onlyShows("DIST-A");
  await page.context().close();
});
