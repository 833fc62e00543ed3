// The finance desk: invoice a delivery, collect it, read the receivables and match the bank.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { chooseLanguage, gql, launchBrowser, newPage, PASSWORD, resultsPath, screenshot, signIn } from "../helpers.mjs";

const IBAN = "NL91ABNA0417164300";
let browser;
let invoiceNumber;

before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

function camt053(statementId, entries) {
  const today = new Date().toISOString().slice(0, 10);
  const ntry = entries
    .map(
      (e, n) => `
    <Ntry>
      <Amt Ccy="EUR">${e.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
      <BookgDt><Dt>${today}</Dt></BookgDt><ValDt><Dt>${today}</Dt></ValDt>
      <AcctSvcrRef>${statementId}-${n + 1}</AcctSvcrRef>
      <NtryDtls><TxDtls>
        <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
        <RltdPties><Dbtr><Nm>${e.debtor.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</Nm></Dbtr><DbtrAcct><Id><IBAN>DE02100100100006820101</IBAN></Id></DbtrAcct></RltdPties>
        <RmtInf><Ustrd>${e.reference}</Ustrd></RmtInf>
      </TxDtls></NtryDtls>
    </Ntry>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>${statementId}</MsgId><CreDtTm>${today}T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>${statementId}</Id>
      <Acct><Id><IBAN>${IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>${ntry}
    </Stmt>
  </BkToCstmrStmt>
</Document>`;
}

test("finance invoices a delivered order from its page and records the payment", async () => {
  const found = await gql("finance", `{ salesOrders(first: 5, filter: {status: [DELIVERED]}) { edges { node { number shipments { number status invoices { status } } } } } }`);
  const invoiceable = (o) => o.shipments.filter((s) => s.status === "DELIVERED" && s.invoices.every((i) => i.status === "VOID"));
  // The demo's partly invoiced order lists only its delivery not yet invoiced.
  const order = found.data.salesOrders.edges.map((e) => e.node).find((o) => invoiceable(o).length);
  const page = await newPage(browser);
  await signIn(page, "finance");
  await page.goto(`/orders/${order.number}`);
  await page.getByRole("button", { name: "Issue invoice" }).click();
  const dialog = page.getByRole("dialog", { name: "Issue invoice" });
  for (const shipment of invoiceable(order)) await dialog.getByLabel(shipment.number).waitFor();
  for (const shipment of order.shipments.filter((s) => !invoiceable(order).includes(s)))
    assert.equal(await dialog.getByLabel(shipment.number).count(), 0, shipment.number);
  await screenshot(page, "finance-issue-invoice-dialog");
  const invoiceLinks = page.getByRole("link", { name: /^INV-\d{4}-\d+$/ });
  const known = await invoiceLinks.allInnerTexts();
  await dialog.getByRole("button", { name: "Issue invoice" }).click();
  await dialog.waitFor({ state: "detached" });
  // The new invoice's number shows as a link beside the order's earlier invoices.
  const link = page.getByRole("link", { name: /^INV-\d{4}-\d+$/ }).filter({ hasNotText: new RegExp(known.join("|") || "^$") }).first();
  await link.waitFor();
  invoiceNumber = await link.innerText();
  await link.click();

  await page.getByRole("heading", { level: 1, name: invoiceNumber }).waitFor();
  await page.getByRole("heading", { name: "Tax summary" }).waitFor();
  assert.match(await page.getByRole("table").first().innerText(), /L-|LOT|[A-Z0-9]-/);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download PDF" }).click();
  const file = await download;
  assert.match(file.suggestedFilename(), /\.pdf$/);
  await page.getByRole("button", { name: "Record payment" }).click();
  const pay = page.getByRole("dialog", { name: "Record payment" });
  assert.notEqual(await pay.getByLabel("Amount").inputValue(), "");
  await pay.getByLabel("Reference").fill("E2E wire 1");
  await pay.getByRole("button", { name: "Record payment" }).click();
  await page.locator('[data-status="PAID"]').getByText("Paid").waitFor();
  for (const name of ["Credit note"]) await page.getByRole("button", { name }).waitFor();
  await screenshot(page, "finance-invoice-paid");
  await page.context().close();
});

test("the invoices list filters by status", async () => {
  const page = await newPage(browser);
  await signIn(page, "finance");
  await page.getByRole("link", { name: "Invoices", exact: true }).click();
  await page.getByRole("heading", { name: "Invoices" }).waitFor();
  await page.getByLabel("Status").selectOption("PAID");
  await page.getByRole("link", { name: invoiceNumber }).waitFor();
  await page.getByLabel("Status").selectOption("OPEN");
  await page.getByRole("link", { name: invoiceNumber }).waitFor({ state: "detached" });
  await page.getByLabel("Overdue only").check();
  await screenshot(page, "finance-invoices");
  await page.context().close();
});

test("receivables show the ageing and a customer's statement", async () => {
  const page = await newPage(browser);
  await signIn(page, "finance");
  await page.getByRole("link", { name: "Receivables" }).click();
  const table = page.getByRole("table", { name: "Ageing" });
  for (const column of ["Current", "1–30", "31–60", "61–90", "Over 90"])
    await table.getByRole("columnheader", { name: column, exact: true }).waitFor();
  await page.getByRole("figure", { name: "Ageing chart" }).waitFor();
  await table.getByRole("button", { name: "Statement" }).first().click();
  await page.getByText("Opening balance").waitFor();
  await page.getByText("Closing balance").waitFor();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download PDF" }).click();
  assert.match((await download).suggestedFilename(), /statement-.*\.pdf$/);
  await screenshot(page, "finance-receivables");
  await page.context().close();
});

test("a camt.053 statement is imported and its lines matched by hand", async () => {
  const OPEN = `{ invoices(first: 10, status: [OPEN, PARTIALLY_PAID]) { edges { node { number balance customer { name } } } } }`;
  let open = await gql("finance", OPEN);
  if (open.data.invoices.edges.length < 2) {
    // Invoice another delivered order through the API, so that two are open.
    const delivered = await gql("finance", `{ salesOrders(first: 5, filter: {status: [DELIVERED]}) { edges { node { id } } } }`);
    for (const { node } of delivered.data.salesOrders.edges)
      await gql("finance", `mutation($input: IssueInvoiceInput!) { issueInvoice(input: $input) { userErrors { code } } }`, {
        input: { orderId: node.id },
      });
    open = await gql("finance", OPEN);
  }
  const [first, second] = open.data.invoices.edges.map((e) => e.node);
  assert.ok(first && second, "two open invoices in the demo data");
  const path = resultsPath("e2e-camt053.xml");
  writeFileSync(
    path,
    camt053(`E2E-${Date.now()}`, [
      { amount: first.balance, reference: `Invoice ${first.number}`, debtor: first.customer.name },
      { amount: "1.00", reference: `part of ${second.number}`, debtor: second.customer.name },
      { amount: "77.77", reference: "no reference at all", debtor: "Someone" },
    ]),
  );
  const page = await newPage(browser);
  await signIn(page, "finance");
  await page.getByRole("link", { name: "Bank reconciliation" }).click();
  await page.getByRole("heading", { name: "Import statement" }).waitFor();
  await page.getByLabel("Statement file").setInputFiles(path);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await page.getByRole("status").filter({ hasText: "Imported" }).waitFor();
  const rows = page.getByRole("row");
  await rows.filter({ hasText: first.number }).getByText("Matched").waitFor();
  // (The demo's own statement proposes a part payment of an invoice too.)
  await rows.filter({ hasText: `part of ${second.number}` }).getByText("Proposed").waitFor();
  const unmatched = rows.filter({ hasText: "no reference at all" });
  await unmatched.getByText("Unmatched").waitFor();
  await screenshot(page, "finance-bank-imported");

  await unmatched.getByRole("button", { name: "Match" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Search invoices").fill(second.number);
  await dialog.getByRole("checkbox", { name: second.number }).check();
  await dialog.getByRole("button", { name: "Confirm match" }).click();
  await rows.filter({ hasText: "no reference at all" }).getByText("Matched").waitFor();
  await rows.filter({ hasText: "no reference at all" }).getByRole("button", { name: "Unmatch" }).click();
  await rows.filter({ hasText: "no reference at all" }).getByText("Unmatched").waitFor();
  await screenshot(page, "finance-bank-matched");
  await page.context().close();
});

test("in Chinese the invoices list reads in Chinese, with amounts and dates formatted for zh-CN", async () => {
  const found = await gql("finance", `{ invoices(first: 1, status: [OPEN]) { edges { node { number total currency issuedOn } } } }`);
  const invoice = found.data.invoices.edges[0].node;
  const page = await newPage(browser);
  // Chosen on the sign-in page, the language is not saved with the demo account other tests use.
  await page.goto("/login");
  await chooseLanguage(page, "zh-CN");
  await page.getByLabel("用户名").fill("finance");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("link", { name: "发票", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "发票" }).waitFor();
  await page.getByLabel("状态").selectOption("OPEN");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: invoice.number }) });
  const [y, m, d] = invoice.issuedOn.split("-").map(Number);
  const issued = new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium" }).format(new Date(y, m - 1, d));
  const total = new Intl.NumberFormat("zh-CN", { style: "currency", currency: invoice.currency }).format(invoice.total);
  await row.getByRole("cell", { name: issued, exact: true }).first().waitFor();
  await row.getByRole("cell", { name: total, exact: true }).first().waitFor();
  await row.getByRole("link", { name: invoice.number }).click();
  await page.getByRole("heading", { level: 1, name: invoice.number }).waitFor();
  await page.getByRole("heading", { name: "税额汇总" }).waitFor();
  await page.getByRole("button", { name: "登记收款" }).waitFor();
  await screenshot(page, "finance-invoice-zh-CN");
  await page.context().close();
});
